# Shared settings of scripts/integ.sh and scripts/integ-update.sh (sourced, not run).
#
# - The tests are TypeScript apps (test/integ.*.ts). integ-runner's typescript preset runs them
#   with `node -r ts-node/register`, which type-checks every file in every worker process
#   (3.5 minutes for 7 tests on 2 cores). We type-check them once with tsc
#   (scripts/tsconfig.integ.json) and run them transpile-only (about 1 minute).
# - One region: the tests pin `regions: ['us-east-1']` (the built-in XGBoost image URI is
#   us-east-1's), and one region keeps the update runs sequential and deterministic.
# - No credentials exist: disable the EC2 instance metadata lookup so that nothing waits on it.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export AWS_EC2_METADATA_DISABLED=true

INTEG_ARGS=(
  --directory test
  --language typescript
  --app "node -r ts-node/register/transpile-only {filePath}"
  --parallel-regions us-east-1
  --max-workers "${INTEG_WORKERS:-2}"
)

integ_prepare() {
  # The stacks reference the bundled handlers (assets/handler/*/index.js, not committed).
  npx projen bundle >/dev/null
  echo "Type-checking test/integ.*.ts ..."
  npx tsc -p scripts/tsconfig.integ.json
}
