#!/usr/bin/env bash
# Runs the benchmarks (bench/index.ts) and prints their figures. Asserts nothing.
# BENCH_QUICK=1 bash bench/run.sh  runs fewer repetitions; BENCH_ONLY=f bash bench/run.sh runs section (f) only.
set -euo pipefail
cd "$(dirname "$0")/.."
npx projen bundle >/dev/null
exec npx ts-node --transpile-only --project test/tsconfig.json bench/index.ts
