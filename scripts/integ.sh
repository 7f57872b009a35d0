#!/usr/bin/env bash
# Verifies the integration-test snapshots WITHOUT deploying anything (used by CI).
#
# For each test/integ.<name>.ts, integ-runner synthesizes the app and compares it with the
# committed test/integ.<name>.ts.snapshot/ (templates, test-case manifest; asset hashes are
# ignored unless a test sets diffAssets). It exits non-zero when a snapshot differs or is
# missing. Without --update-on-failed / --force it never deploys and needs no credentials.
#
#   bash scripts/integ.sh                      # every test
#   bash scripts/integ.sh integ.grid.ts        # some tests (names relative to test/)
#
# To accept a change, regenerate the snapshots with scripts/integ-update.sh.
source "$(dirname "$0")/integ-common.sh"

for arg in "$@"; do
  case "$arg" in
    --update-on-failed|--force|--dry-run|--watch)
      echo "scripts/integ.sh only verifies snapshots; use scripts/integ-update.sh to update them" >&2
      exit 2 ;;
  esac
done

integ_prepare
npx integ-runner "${INTEG_ARGS[@]}" "$@"
