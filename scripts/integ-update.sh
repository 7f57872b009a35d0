#!/usr/bin/env bash
# (Re)creates integration-test snapshots WITHOUT deploying (no credentials needed).
#
#   bash scripts/integ-update.sh                 # tests whose snapshot differs or is missing
#   bash scripts/integ-update.sh --all           # every test
#   bash scripts/integ-update.sh integ.grid.ts   # some tests (names relative to test/)
#
# integ-runner semantics:
#   --update-on-failed  re-run the tests whose snapshot check failed, then write their snapshot;
#   --force             re-run every test, even those whose snapshot matches (--all);
#   --dry-run           skip the deployment (and the destroy) of that re-run: the snapshot is
#                       written from a fresh synth;
#   --no-update-workflow  do not deploy the previous snapshot first (the tests also set
#                       stackUpdateWorkflow: false: an update would run a second tuning job).
# A dry-run snapshot has not been proven by a deployment: review the diff before committing.
# With AWS credentials, dropping --dry-run deploys the tests, runs their assertions and
# destroys them (that starts real SageMaker training jobs and costs money).
source "$(dirname "$0")/integ-common.sh"

args=()
for arg in "$@"; do
  if [ "$arg" = "--all" ]; then args+=(--force); else args+=("$arg"); fi
done

integ_prepare
npx integ-runner "${INTEG_ARGS[@]}" --update-on-failed --dry-run --no-update-workflow "${args[@]}"
echo
git status --short -- 'test/integ.*.snapshot' || true
