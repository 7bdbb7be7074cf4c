#!/usr/bin/env bash
# The seed's "Testing the Orchestra" 1-4 (and Global Cortex's metrics) against a running conductor and the four
# components, with curl and python3 only. Start them first (README, "The orchestra"), then:
#   bash bench/orchestra_check.sh [CONDUCTOR_URL]        (REDIS_HOST / REDIS_PORT: default 127.0.0.1:6379)
# Prints one line per check and "N passed, M failed"; exits non-zero when any failed.
set -uo pipefail
URL=${1:-${HARMONY_URL:-http://localhost:8888}}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}
NAMES="sherlock-hub echo-git-sync global-nexus global-cortex"
PORTS="8000 9000 9001 9002"
passed=0; failed=0
ok() { echo "PASS $1"; passed=$((passed + 1)); }
ko() { echo "FAIL $1"; failed=$((failed + 1)); }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); $1"; }

# Test 1: all components registered (the seed: '.services | length' is 4; other components may be registered too)
n=$(curl -s "$URL/services" | json "print(len({s['component'] for s in d['services'] if s['component'] in '$NAMES'.split()}))")
[[ "$n" == 4 ]] && ok "Test 1: /services has the four components" || ko "Test 1: /services has $n of the four components"

# Test 2: heartbeat synchronization: every last_heartbeat within one interval (5 s) of the dashboard's time
late=$(curl -s "$URL/dashboard" | json "
from datetime import datetime
t = lambda s: datetime.fromisoformat(s.replace('Z', '+00:00'))
now = t(d['timestamp'])
mine = [c for c in d['components'] if c['component'] in '$NAMES'.split()]
print(len(mine), max(((now - t(c['last_heartbeat'])).total_seconds() for c in mine), default=-1))")
read -r count age <<<"$late"
python3 -c "import sys; sys.exit(0 if $count == 4 and $age <= 5.0 else 1)" \
  && ok "Test 2: the four last beat at most ${age} s ago" || ko "Test 2: $count components, oldest beat ${age} s ago"

# Test 3: inter-component communication: sherlock-hub pings echo-git-sync through the conductor
answer=$(curl -s -w ' %{http_code}' -X POST "$URL/request" -H 'Content-Type: application/json' \
  -d '{"from": "sherlock-hub", "to": "echo-git-sync", "request_type": "ping"}')
code=${answer##* }; body=${answer% *}
response=$(echo "$body" | json "print(d.get('response'))" 2>/dev/null)
[[ "$code" == 200 && "$response" == pong ]] && ok "Test 3: ping → 200 pong ($body)" || ko "Test 3: ping → $code $body"

# Test 4: state synchronization: a direct Redis SET, then every component's /state within 1 s
value="hello-$RANDOM"
if command -v redis-cli >/dev/null; then
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" SET echo:test:value "$value" >/dev/null
else  # no redis-cli on the machine: the same command in Redis' own protocol
  exec 3<>"/dev/tcp/$REDIS_HOST/$REDIS_PORT" && printf '*3\r\n$3\r\nSET\r\n$15\r\necho:test:value\r\n$%d\r\n%s\r\n' "${#value}" "$value" >&3 \
    && read -r -t 2 reply <&3; exec 3>&-
fi
start=$(date +%s%N); seen=0
while (( $(date +%s%N) - start < 1000000000 )); do
  seen=0
  for p in $PORTS; do
    v=$(curl -s "http://localhost:$p/state" | json "print(d['state'].get('echo:test:value'))" 2>/dev/null)
    [[ "$v" == "$value" ]] && seen=$((seen + 1))
  done
  (( seen == 4 )) && break
done
ms=$(( ($(date +%s%N) - start) / 1000000 ))
(( seen == 4 )) && ok "Test 4: SET echo:test:value seen by all four components in ${ms} ms" || ko "Test 4: seen by $seen of four within 1 s"

# Global Cortex: the seed's metrics endpoint, from what it consumed from harmony.heartbeats
hub=$(curl -s "$URL/services?component=sherlock-hub" | json "print(d['services'][0]['component_id'])" 2>/dev/null)
points=$(curl -s "http://localhost:9002/metrics/$hub" | json "print(len(d['points']))" 2>/dev/null)
[[ -n "$points" && "$points" -gt 0 ]] && ok "Global Cortex: GET :9002/metrics/$hub has $points points" || ko "Global Cortex: GET :9002/metrics/$hub gave ${points:-nothing}"

echo "$passed passed, $failed failed"
(( failed == 0 ))
