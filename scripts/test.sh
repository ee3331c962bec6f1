#!/usr/bin/env bash
# `npm test`: type-check (tests and site/ included; `astro check` for the .astro pages), lint and
# format, then the four test projects.
# Each stage is timed; the last line sums the tests of all projects.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp
rm -f .tmp/vitest-*.json

stage() {
  local name=$1
  shift
  local start=$SECONDS
  echo "── ${name}"
  "$@"
  echo "── ${name}: $((SECONDS - start)) s"
}

project() {
  npx vitest run --project "$1" --reporter=default --reporter=json --outputFile.json=".tmp/vitest-$1.json"
}

stage prerequisites bash scripts/prerequisites.sh test
stage typecheck npx tsc --noEmit
stage site-check npm run check:site --silent
stage lint npx biome check .
stage site npm run build:site --silent
stage unit project unit
stage integration project integration
stage infra project infra
stage e2e project e2e

node -e '
const fs = require("node:fs");
let passed = 0, failed = 0, skipped = 0;
for (const f of fs.readdirSync(".tmp").filter((f) => f.startsWith("vitest-"))) {
  const r = JSON.parse(fs.readFileSync(".tmp/" + f, "utf8"));
  passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + r.numTodoTests;
}
console.log(`tests: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
process.exit(failed ? 1 : 0);
'
