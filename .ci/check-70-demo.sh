#!/usr/bin/env bash
# The guided demo on a fresh local suite: `./suite up`, then `./suite demo`, which exits 1 when the Raft step lost an
# acknowledged write. Also checks that the demo left the suite as it found it (every instance up, policy restored).
set -euo pipefail
cd "$(dirname "$0")/.."

. .ci/lib/fresh-suite.sh check-70-demo
log "./suite demo"
./suite demo | tee "$SUITE_STATE_DIR/demo.log"
grep -q "acknowledged writes lost: 0" "$SUITE_STATE_DIR/demo.log" || { log "the demo did not report 0 lost writes"; exit 1; }
if ./suite status | grep -q stopped; then
  log "the demo left an instance stopped:"; ./suite status; exit 1
fi
policy=$(curl -s "http://127.0.0.1:8500/v1/kv/config/application/loadbalancing/services/order-service/policy?raw")
[ "$policy" = round-robin ] || { log "the demo left order-service's policy at '$policy'"; exit 1; }
log "passed"
