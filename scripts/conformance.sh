#!/usr/bin/env bash
# Scores the engine on the shared Kusto-verified cases (needs ../shared beside the repo), from the TypeScript sources.
# Usage: scripts/conformance.sh [extra check.mjs args, e.g. --failures /tmp/failing.jsonl]
set -euo pipefail
cd "$(dirname "$0")/.."
node ../shared/kql-conformance/check.mjs --cases ../shared/kql-conformance/cases.jsonl \
  --run "node --import tsx src/cli/entry.ts query --jsonl" "$@"
