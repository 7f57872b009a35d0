#!/usr/bin/env bash
# Integration test of the BUNDLED custom-resource handlers against moto (a local SageMaker mock).
# Usage: test/moto/run.sh            (starts moto_server on a free port, stops it on exit)
#        MOTO_ENDPOINT=http://127.0.0.1:5000 test/moto/run.sh   (uses a moto you started)
set -euo pipefail
cd "$(dirname "$0")/../.."

# The test loads assets/handler/*/index.js: (re)bundle when missing or older than the sources.
bundles=(assets/handler/main.lambda/index.js)
stale=false
for b in "${bundles[@]}"; do
  if [[ ! -f "$b" ]] || [[ -n "$(find src/handler src/shared -name '*.ts' -newer "$b" -print -quit)" ]]; then
    stale=true
  fi
done
if [[ "$stale" == true ]]; then
  echo "bundling the handlers (npx projen bundle)..."
  npx projen bundle
fi

moto_pid=""
cleanup() {
  if [[ -n "$moto_pid" ]] && kill -0 "$moto_pid" 2>/dev/null; then
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT INT TERM

if [[ -z "${MOTO_ENDPOINT:-}" ]]; then
  command -v moto_server >/dev/null || { echo "moto_server not found: pip install 'moto[server]'" >&2; exit 1; }
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
  mkdir -p .moto
  moto_server -H 127.0.0.1 -p "$port" > .moto/moto_server.log 2>&1 &
  moto_pid=$!
  MOTO_ENDPOINT="http://127.0.0.1:${port}"
fi

for _ in $(seq 1 60); do
  if curl -s -o /dev/null "${MOTO_ENDPOINT}/moto-api/"; then
    ready=true
    break
  fi
  if [[ -n "$moto_pid" ]] && ! kill -0 "$moto_pid" 2>/dev/null; then
    echo "moto_server exited:" >&2; cat .moto/moto_server.log >&2; exit 1
  fi
  sleep 0.5
done
[[ "${ready:-}" == true ]] || { echo "moto at ${MOTO_ENDPOINT} did not answer" >&2; exit 1; }
echo "moto at ${MOTO_ENDPOINT}"

export AWS_ENDPOINT_URL="$MOTO_ENDPOINT"
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
unset AWS_SESSION_TOKEN AWS_PROFILE AWS_ENDPOINT_URL_SAGEMAKER || true

# The ES-module build of the bundled SDK loads node: builtins with dynamic import(), which
# jest's module sandbox allows only with --experimental-vm-modules (Lambda's Node needs nothing).
NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings" npx jest --coverage=false --runInBand --testMatch '<rootDir>/test/moto/**/*.moto.ts' "$@"
