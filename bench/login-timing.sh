#!/usr/bin/env bash
# How long a wrong login takes for a user name that exists and for one that does not (medians).
# Against a running server on loopback; each round uses its own X-Forwarded-For address (trusted from
# loopback, as from a reverse proxy), so neither the per-address limit nor the login throttle is hit,
# and the right password follows every wrong one for the real account so it never locks or waits.
#
#   bench/login-timing.sh http://127.0.0.1:5000 admin '<admin password>' [rounds]
set -euo pipefail
base=$1 user=$2 password=$3 rounds=${4:-60}

login() { # name password address -> seconds
  curl -s -o /dev/null -w '%{time_total}\n' -H 'Content-Type: application/json' -H "X-Forwarded-For: $3" \
    --data "{\"userName\":\"$1\",\"password\":\"$2\"}" "$base/api/auth/login"
}
median() { sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f ms (n=%d)\n", m * 1000, NR }'; }

unknown=$(mktemp) known=$(mktemp)
trap 'rm -f "$unknown" "$known"' EXIT
login "$user" "$password" 10.99.0.1 >/dev/null # warm-up: JIT, connection pool, first hash
for i in $(seq 1 "$rounds"); do
  address="10.99.$((i / 250)).$((i % 250 + 1))"
  login "nobody-$i" wrong-password "$address" >>"$unknown"
  login "$user" wrong-password "$address" >>"$known"
  login "$user" "$password" "$address" >/dev/null
done
echo "wrong password, name does not exist: $(median <"$unknown")"
echo "wrong password, name exists:         $(median <"$known")"
