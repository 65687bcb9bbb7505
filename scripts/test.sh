#!/usr/bin/env bash
# Runs every test of Classroom on a fresh Debian machine with the .NET 10 SDK and Node/npm:
# installs what the tests need (Chromium for the browser tests, Caddy for the reverse-proxy test,
# systemd-analyze for the service unit), builds the web client and the
# solution, runs all test projects, and ends with one line "tests: N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium chromium-driver)
command -v janus >/dev/null 2>&1 || missing+=(janus)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v caddy >/dev/null 2>&1 || missing+=(caddy)
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

(cd web-client && npm ci --no-audit --no-fund --loglevel=error)
dotnet build Classroom.slnx -c Release -p:BuildWebClient=true -nologo -clp:ErrorsOnly

results="$root/TestResults"
rm -rf "$results"
status=0
dotnet test Classroom.slnx -c Release --no-build --nologo --results-directory "$results" --logger "trx" || status=$?

passed=0
failed=0
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
