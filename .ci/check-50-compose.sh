#!/usr/bin/env bash
# End-to-end check of docker-compose.yml on the air-gapped images (docker/build-images.sh, run by setup-60):
# bring it up, place an order through the gateway, kill one order-service container, then 50 more orders must
# all succeed; take everything down with its volumes whatever happens.
# Both Compose implementations read the file: `config` validation with `docker compose` (v2, .ci/setup-55) and with
# Debian's `docker-compose` 1.29, then the full scenario with v2 (about 2-4 minutes). COMPOSE_CHECK_FULL=v1|v2|both
# chooses which one runs the full scenario (both: it runs twice).
set -euo pipefail
cd "$(dirname "$0")/.."

export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-suite-check}
export CONSUL_IMAGE=${CONSUL_IMAGE:-suite/registry-service:latest}
export POSTGRES_IMAGE=${POSTGRES_IMAGE:-suite/postgres:15}
export JRE_IMAGE=${JRE_IMAGE:-suite/jre:25}
export GATEWAY_PORT=${GATEWAY_PORT:-18080}
export CONSOLE_PORT=${CONSOLE_PORT:-18070}
GATEWAY="http://127.0.0.1:$GATEWAY_PORT"
UP_TIMEOUT=${UP_TIMEOUT:-420}

log() { printf '[check-50-compose %s] %s\n' "$(date +%T)" "$*"; }

clients=()
if docker compose version >/dev/null 2>&1; then clients+=(v2); fi
if command -v docker-compose >/dev/null 2>&1; then clients+=(v1); fi
command_of() { case "$1" in v2) echo "docker compose" ;; v1) echo "docker-compose" ;; esac; }
for wanted in v2 v1; do
  if [[ " ${clients[*]-} " != *" $wanted "* ]]; then
    if [ "${SUITE_REQUIRE_ALL:-false}" = true ]; then log "'$(command_of "$wanted")' is not installed (see .ci/setup-50-docker.sh, .ci/setup-55-compose-v2.sh)"; exit 1; fi
    log "'$(command_of "$wanted")' is not installed: not checked with it"
  fi
done
[ ${#clients[@]} -gt 0 ] || { log "neither 'docker compose' nor 'docker-compose' is installed"; exit 1; }
for client in "${clients[@]}"; do
  read -r -a cmd <<<"$(command_of "$client")"
  "${cmd[@]}" config -q || { log "'${cmd[*]} config' rejects docker-compose.yml"; exit 1; }
  log "'${cmd[*]} config' accepts docker-compose.yml ($("${cmd[@]}" version --short 2>/dev/null || true))"
done

full=${COMPOSE_CHECK_FULL:-${clients[0]}}
if [ "$full" = both ]; then
  # One full run per client, each in its own process (the EXIT trap below takes each one down).
  for client in "${clients[@]}"; do COMPOSE_CHECK_FULL=$client bash "$0"; done
  exit 0
fi
[[ " ${clients[*]} " == *" $full "* ]] || { log "COMPOSE_CHECK_FULL=$full: that client is not installed"; exit 1; }
read -r -a compose <<<"$(command_of "$full")"
log "full scenario with: ${compose[*]} ($("${compose[@]}" version --short 2>/dev/null || true))"

finish() {
  local rc=$?
  if [ $rc -ne 0 ]; then
    log "FAILED; state and last log lines:"
    "${compose[@]}" ps || true
    "${compose[@]}" logs --no-color --tail=40 2>&1 | tail -n 400 || true
  fi
  log "down -v"
  "${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
  exit $rc
}
trap finish EXIT

for image in "$CONSUL_IMAGE" "$POSTGRES_IMAGE" suite/consensus-service suite/inventory-service suite/order-service suite/gateway suite/console; do
  docker image inspect "$image" >/dev/null 2>&1 || { log "image $image is missing: run docker/build-images.sh"; exit 1; }
done

"${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
log "up (CONSUL_IMAGE=$CONSUL_IMAGE POSTGRES_IMAGE=$POSTGRES_IMAGE, gateway on :$GATEWAY_PORT)"
"${compose[@]}" up -d --no-build

healthy() { [ "$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$("${compose[@]}" ps -q "$1")" 2>/dev/null)" = healthy ]; }
deadline=$((SECONDS + UP_TIMEOUT))
for service in consul consensus-1 consensus-2 consensus-3 postgres inventory-1 inventory-2 order-1 order-2 gateway console; do
  until healthy "$service"; do
    [ $SECONDS -lt $deadline ] || { log "$service not healthy after ${UP_TIMEOUT}s"; exit 1; }
    sleep 3
  done
  log "$service healthy"
done

# Both order-service instances must be in the catalog as passing before one is killed.
passing() { "${compose[@]}" exec -T gateway curl -fsS "http://consul:8500/v1/health/service/$1?passing=true" 2>/dev/null | grep -o '"ServiceID"' | wc -l; }
until [ "$(passing order-service)" -ge 2 ] && [ "$(passing inventory-service)" -ge 2 ]; do
  [ $SECONDS -lt $deadline ] || { log "order-service/inventory-service not passing twice in the registry"; exit 1; }
  sleep 2
done
log "registry: 2 passing order-service and 2 inventory-service instances"

# The first calls to cold JVMs can be slow; until the kill, a failed call is retried (same Idempotency-Key).
retry() {  # status-pattern command... -> 0 once the command prints the expected status, within 120 s
  local expected=$1 status="" until=$((SECONDS + 120)); shift
  while [ $SECONDS -lt $until ]; do
    status=$("$@") || status=000
    # shellcheck disable=SC2254
    case "$status" in $expected) return 0 ;; esac
    sleep 2
  done
  log "gave up after 120 s: last answer $status to: $*"
  return 1
}
stock() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X PUT "$GATEWAY/api/inventory/CHECK-1" \
       -H 'Content-Type: application/json' -d '{"available":1000}'
}
order() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X POST "$GATEWAY/api/orders" \
       -H 'Content-Type: application/json' -H "Idempotency-Key: check-$1" \
       -d '{"items":[{"sku":"CHECK-1","quantity":2}]}'
}
retry "2??" stock
log "stock CHECK-1 = 1000 through the gateway"
retry 201 order first
log "first order through the gateway: 201"
# Warm both order-service instances (round-robin) before one dies.
for i in $(seq 1 10); do retry 201 order "warm-$i"; done
log "10 more orders placed (both order-service instances warm)"

log "killing order-1 (SIGKILL)"
"${compose[@]}" kill -s SIGKILL order-1 >/dev/null

failures=0
for i in $(seq 1 50); do
  status=$(order "after-kill-$i") || status=000
  if [ "$status" != 201 ]; then failures=$((failures + 1)); log "order $i after the kill answered $status"; fi
done
[ $failures -eq 0 ] || { log "$failures of 50 orders failed after order-1 was killed"; exit 1; }
log "50 of 50 orders succeeded after order-1 was killed"

available=$(curl -fsS "$GATEWAY/api/inventory/CHECK-1" | grep -o '"available":[0-9]*' | cut -d: -f2)
[ "$available" = $((1000 - 2 * 61)) ] || { log "stock is $available, expected $((1000 - 2 * 61))"; exit 1; }
log "stock CHECK-1: $available available (1000 - 61 orders x 2)"
log "passed"
