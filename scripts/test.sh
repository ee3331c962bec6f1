#!/usr/bin/env bash
# `npm test`: type-check (tests and site/ included; `astro check` for the .astro pages), lint and
# format, then the four test projects.
#
# The site is built first; then two lanes run side by side, because their stages wait on
# different things: the checks, unit and infra (CDK synth) only need CPU, while integration and
# e2e wait on chains of processes (test, runtime, DynamoDB Local, Chromium). The two runtime
# projects run one after the other: each already runs two files at a time and keeps both cores
# about 85 % busy alone; side by side they took as long, with more CPU and more processes at once
# (docs/decisions.md, Tests). Each stage
# writes its output to .tmp/test-<stage>.log and prints one line when it ends; a failed stage
# prints its log's tail and fails the run once all lanes are done. The last lines give each
# stage's time, the wall time and the tests of all projects.
#
#   scripts/test.sh            everything
#   TEST_SERIAL=1 scripts/test.sh   one stage after another, output as it comes (for reading)
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp
rm -f .tmp/vitest-*.json .tmp/test-*.log .tmp/test-*.status

bash scripts/prerequisites.sh test || exit 1

# Node keeps the code it compiled (type stripping included) and reuses it in the next process that
# loads the same file: the tests start about 50 runtimes, dozens of admin CLI calls and a worker
# per project, each loading the SDK, zod and the fixtures again (docs/decisions.md, Tests).
export NODE_COMPILE_CACHE="$PWD/.tmp/node-compile-cache"

project() {
  npx vitest run --project "$1" --reporter=default --reporter=json --outputFile.json=".tmp/vitest-$1.json"
}

# Runs one stage; returns its exit code and records `<name> <seconds> <code>`.
stage() {
  local name=$1
  shift
  local start=$SECONDS code
  if [[ -n ${TEST_SERIAL:-} ]]; then
    echo "── ${name}"
    "$@"
    code=$?
  else
    echo "── ${name} … (.tmp/test-${name}.log)"
    "$@" >".tmp/test-${name}.log" 2>&1
    code=$?
  fi
  local took=$((SECONDS - start))
  echo "${name} ${took} ${code}" >>.tmp/test-stages.status
  if ((code == 0)); then
    echo "── ${name}: ${took} s"
  else
    echo "── ${name}: FAILED after ${took} s (exit ${code})"
    [[ -z ${TEST_SERIAL:-} ]] && tail -n 60 ".tmp/test-${name}.log" | sed "s/^/   ${name} │ /"
  fi
  return "$code"
}

# A lane stops at its first failed stage: what follows would fail for the same reason.
checks_lane() {
  stage typecheck npm run typecheck --silent &&
    stage site-check npm run check:site --silent &&
    stage lint npx biome check . &&
    stage unit project unit &&
    stage infra project infra
}

# One DynamoDB Local for both runtime projects (scripts/test-dynamodb.ts): one JVM to start and warm
# up, not one a project. It starts beside the site build; the lanes wait for its endpoint.
node scripts/test-dynamodb.ts >.tmp/test-dynamodb.log 2>&1 &
dynamodb=$!
trap 'kill "$dynamodb" 2>/dev/null; wait "$dynamodb" 2>/dev/null' EXIT
run_dynamodb() {
  local endpoint=''
  for _ in $(seq 1 1200); do
    endpoint=$(sed -n 's/^endpoint //p' .tmp/test-dynamodb.log)
    [[ -n $endpoint ]] && break
    kill -0 "$dynamodb" 2>/dev/null || break
    sleep 0.1
  done
  if [[ -z $endpoint ]]; then
    echo "── DynamoDB Local for the tests did not start:" && sed 's/^/   /' .tmp/test-dynamodb.log
    return 1
  fi
  export TEST_DYNAMODB_ENDPOINT=$endpoint
}

# The machine's CPU counters (Linux): a figure from another day differs by the share of its host
# the machine got, which the steal column shows (docs/decisions.md, Tests).
cpu_ticks() { if [[ -r /proc/stat ]]; then head -n 1 /proc/stat; fi; }
cpu_start=$(cpu_ticks)
started=$SECONDS
if [[ -n ${TEST_SERIAL:-} ]]; then
  checks_lane && stage site npm run build:site --silent && run_dynamodb &&
    stage integration project integration && stage e2e project e2e
elif stage site npm run build:site --silent && run_dynamodb; then
  # The checks lane at a lower priority (nice 5): it only needs CPU, while the runtime projects
  # wait on chains of processes where each step's wait for a core adds up; they take a core when
  # they need one and the checks take the rest. e2e runs even when integration failed: the two
  # test different things, and both failures are worth reading.
  (renice -n 5 -p "$BASHPID" >/dev/null && checks_lane) &
  lanes=($!)
  (
    stage integration project integration
    stage e2e project e2e
  ) &
  lanes+=($!)
  for lane in "${lanes[@]}"; do wait "$lane"; done
fi
wall=$((SECONDS - started))

node -e '
const fs = require("node:fs");
const stages = fs.readFileSync(".tmp/test-stages.status", "utf8").trim().split("\n").map((l) => l.split(" "));
let passed = 0, failed = 0, skipped = 0;
for (const f of fs.readdirSync(".tmp").filter((f) => f.startsWith("vitest-"))) {
  const r = JSON.parse(fs.readFileSync(".tmp/" + f, "utf8"));
  passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + r.numTodoTests;
}
const expected = ["typecheck", "site-check", "lint", "unit", "infra", "site", "integration", "e2e"];
const ran = new Map(stages.map(([name, s, code]) => [name, { s: Number(s), code: Number(code) }]));
const notRun = expected.filter((n) => !ran.has(n));
console.log("stages: " + stages.map(([n, s, c]) => `${n} ${s} s${c === "0" ? "" : " FAILED"}`).join(", "));
console.log(`wall time: ${process.argv[1]} s`);
const ticks = (line) => (line ?? "").trim().split(/\s+/).slice(1, 9).map(Number);
const [a, b] = [ticks(process.argv[2]), ticks(process.argv[3])];
if (a.length === 8 && b.length === 8) {
  const d = b.map((t, i) => t - a[i]);
  const total = d.reduce((x, y) => x + y, 0);
  const [, , , idle, iowait, , , steal] = d;
  const share = (n) => `${((100 * n) / total).toFixed(1)} %`;
  console.log(`cpu: busy ${share(total - idle - iowait - steal)}, stolen by the host ${share(steal)} (/proc/stat)`);
}
console.log(`tests: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
if (notRun.length) console.log(`not run (an earlier stage failed): ${notRun.join(", ")}`);
const ok = !failed && !notRun.length && [...ran.values()].every((r) => r.code === 0);
process.exit(ok ? 0 : 1);
' "$wall" "$cpu_start" "$(cpu_ticks)"
