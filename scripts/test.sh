#!/usr/bin/env bash
# Runs every test of Classroom on a fresh Debian machine with the .NET 10 SDK and Node/npm:
# installs what the tests need (Chromium and Firefox ESR for the browser tests, Caddy for the
# reverse-proxy test, systemd-analyze for the service unit), builds the web client and the solution,
# runs the web client's unit tests and all test projects, and ends with one line
# "tests: N passed, M failed" counting both.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium chromium-driver)
command -v janus >/dev/null 2>&1 || missing+=(janus)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
# nftables drops UDP inside a test namespace for the ICE-TCP test (IceTcpChromiumTests).
command -v nft >/dev/null 2>&1 || missing+=(nftables)
# Firefox ESR for the Firefox media tests, headful under Xvfb (headless Firefox cannot share a screen).
command -v firefox-esr >/dev/null 2>&1 || missing+=(firefox-esr)
command -v xvfb-run >/dev/null 2>&1 || missing+=(xvfb xauth)
command -v caddy >/dev/null 2>&1 || missing+=(caddy)
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

(cd web-client && npm ci --no-audit --no-fund --loglevel=error)
# The WebDriver BiDi driver of Firefox (puppeteer-core), started by tests/Classroom.EndToEnd.Tests.
(cd tests/browsers && npm ci --no-audit --no-fund --loglevel=error)
dotnet build Classroom.slnx -c Release -p:BuildWebClient=true -nologo -clp:ErrorsOnly

results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"
status=0

# Coverage-guided fuzzing (scripts/fuzz.sh): each media parser's libFuzzer target for 15 s, one after
# the other. A crash or a hang fails the run and prints the input in base64 (add it to the target's
# corpus, tests/Classroom.Media.Fuzz/Corpus); each target counts below as one test.
fuzz_log="$results/fuzz.log"
fuzz_status=0
bash scripts/fuzz.sh ci 15 2>&1 | tee "$fuzz_log" || fuzz_status=$?
[ "$fuzz_status" -eq 0 ] || status=$fuzz_status

# The web client's unit tests (Vitest, web-client/tests): a JUnit report counted below with the rest.
client_junit="$results/web-client.junit.xml"
client_status=0
(cd web-client && npx vitest run --reporter=default --reporter=junit --outputFile.junit="$client_junit") || client_status=$?
[ "$client_status" -eq 0 ] || status=$client_status

dotnet test Classroom.slnx -c Release --no-build --nologo --results-directory "$results" --logger "trx" || status=$?

passed=0
failed=0
if [ -s "$client_junit" ]; then
  suites=$(grep -o '<testsuites [^>]*>' "$client_junit" | head -n1 || true)
  t=$(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$suites")
  f=$(sed -n 's/.* failures="\([0-9]*\)".*/\1/p' <<<"$suites")
  e=$(sed -n 's/.* errors="\([0-9]*\)".*/\1/p' <<<"$suites")
  s=$(grep -c '<skipped' "$client_junit" || true)
  passed=$((passed + ${t:-0} - ${f:-0} - ${e:-0} - ${s:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
fi
# The client tests failed without a report (a compile error, a crash): count that as a failure.
if [ "$client_status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
fuzz_summary=$(grep -E '^fuzz: [0-9]+ targets passed, [0-9]+ failed' "$fuzz_log" | tail -n1 || true)
if [ -n "$fuzz_summary" ]; then
  passed=$((passed + $(sed -E 's/^fuzz: ([0-9]+) targets passed.*/\1/' <<<"$fuzz_summary")))
  failed=$((failed + $(sed -E 's/.*passed, ([0-9]+) failed.*/\1/' <<<"$fuzz_summary")))
elif [ "$fuzz_status" -ne 0 ]; then
  failed=$((failed + 1))
fi
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "tests: $passed passed, $failed failed"
exit "$status"
