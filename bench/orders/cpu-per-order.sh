#!/usr/bin/env bash
# CPU time each process of a running `./suite up` spends per order placed through the gateway: N one-unit orders
# (default 3000) of one SKU from 16 keep-alive connections (ab), with each instance's user+system CPU read from
# /proc/<pid>/stat before and after. Per order, not per request an instance served: order-1 and order-2 each see
# about half of the orders. Includes JIT and GC. Needs ab (apt-get install apache2-utils).
# Usage: bench/orders/cpu-per-order.sh [orders, default 3000] [connections, default 16]
set -euo pipefail
cd "$(dirname "$0")/../.."
orders=${1:-3000} connections=${2:-16} sku=BENCH-1
command -v ab >/dev/null || { echo "ab is missing: apt-get install apache2-utils" >&2; exit 1; }
curl -sf --max-time 2 -o /dev/null http://127.0.0.1:8080/actuator/health \
  || { echo "the gateway does not answer on :8080: start the suite with ./suite up first" >&2; exit 1; }
curl -sf -o /dev/null -X PUT http://127.0.0.1:8080/api/inventory/$sku -H 'Content-Type: application/json' \
  -d '{"available":100000000}'
body=$(mktemp) before=$(mktemp) after=$(mktemp)
trap 'rm -f "$body" "$before" "$after"' EXIT
printf '{"items":[{"sku":"%s","quantity":1}]}' "$sku" >"$body"
instances=$(./suite status | awk 'NR > 1 && $4 ~ /^[0-9]+$/ { print $1 ":" $4 }')
ticks() { for instance in $instances; do awk -v name="${instance%%:*}" '{ print name, $14 + $15 }' "/proc/${instance#*:}/stat"; done; }
hz=$(getconf CLK_TCK)
echo "warming up: 10 s of orders at $connections connections"
ab -k -q -c "$connections" -t 10 -n 1000000 -p "$body" -T application/json http://127.0.0.1:8080/api/orders >/dev/null 2>&1 || true
ticks >"$before"
ab -k -q -c "$connections" -n "$orders" -p "$body" -T application/json http://127.0.0.1:8080/api/orders \
  | grep -E 'Requests per second|Non-2xx' || true
ticks >"$after"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
join <(sort "$before") <(sort "$after") | awk -v n="$orders" -v hz="$hz" \
  '{ ms = ($3 - $2) * 1000 / hz; total += ms; printf "%-12s %7.2f ms of CPU per order\n", $1, ms / n }
   END { printf "%-12s %7.2f ms of CPU per order\n", "all", total / n }' | sort -k2 -n -r
