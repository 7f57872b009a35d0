#!/usr/bin/env bash
# Lints every CloudFormation template this repository synthesizes with cfn-lint:
#   - cdk.out/*.template.json                  the example app (`npx projen example`)
#   - test/integ.*.ts.snapshot/*.template.json the committed integration-test snapshots
#
# Prints the number of templates and of findings per severity; exits non-zero on any error
# (E*). Warnings (W*) and informational findings (I*) are printed and allowed. Ignored rules
# and their reasons are in scripts/cfnlintrc.yaml. When cfn-lint is not installed it says
# so and exits 0 (pip install cfn-lint).
#
#   bash scripts/cfn-lint.sh            # synthesizes the example app first
#   CFN_LINT_NO_SYNTH=1 bash scripts/cfn-lint.sh   # lint the existing cdk.out/
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

if ! command -v cfn-lint >/dev/null 2>&1; then
  echo "cfn-lint is not installed: skipping the CloudFormation lint (pip install cfn-lint)"
  exit 0
fi

if [ "${CFN_LINT_NO_SYNTH:-}" != "1" ] || ! compgen -G 'cdk.out/*.template.json' >/dev/null; then
  echo "Synthesizing the example app into cdk.out/ ..."
  npx projen example >/dev/null
fi

templates=()
empty=()
for t in cdk.out/*.template.json test/integ.*.snapshot/*.template.json; do
  [ -f "$t" ] || continue
  # integ-tests-alpha always synthesizes an assertion stack; a test without assertions leaves
  # it without resources. The CDK CLI never deploys a stack without resources, and cfn-lint
  # would report E1001 ('Resources' is a required property) for it: skip those.
  if node -e 'process.exit(Object.keys(require(require("path").resolve(process.argv[1])).Resources ?? {}).length > 0 ? 0 : 1)' "$t"; then
    templates+=("$t")
  else
    empty+=("$t")
  fi
done

if [ "${#templates[@]}" -eq 0 ]; then
  echo "no templates found (cdk.out/ or test/integ.*.snapshot/)" >&2
  exit 1
fi

echo "cfn-lint $(cfn-lint --version | awk '{print $2}') on ${#templates[@]} templates" \
  "(${#empty[@]} empty assertion stacks skipped)"
out="$(cfn-lint --config-file scripts/cfnlintrc.yaml --format parseable --non-zero-exit-code none -- "${templates[@]}")"

# parseable: <file>:<line>:<col>:<endline>:<endcol>:<rule>:<message>
errors=$(grep -cE '^[^:]+(:[0-9]+){4}:E[0-9]+:' <<<"$out" || true)
warnings=$(grep -cE '^[^:]+(:[0-9]+){4}:W[0-9]+:' <<<"$out" || true)
infos=$(grep -cE '^[^:]+(:[0-9]+){4}:I[0-9]+:' <<<"$out" || true)

if [ -n "$out" ]; then
  echo "$out"
fi
echo
echo "templates: ${#templates[@]}, errors: ${errors}, warnings: ${warnings}, informational: ${infos}"
if [ "$errors" -gt 0 ]; then
  echo "cfn-lint found errors" >&2
  exit 1
fi
