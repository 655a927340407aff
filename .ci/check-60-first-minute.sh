#!/usr/bin/env bash
# The first minute of a fresh local suite, as a new user meets it: `./suite up`, then at once 200 orders for one SKU
# with stock 100 from 50 concurrent clients through the gateway (bench/orders/OrderBurst.java). Fails on any 5xx, on
# overselling, or when stock left plus confirmed orders do not add up. Stops the suite whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

. .ci/lib/fresh-suite.sh check-60-first-minute
log "the burst, the moment ./suite up returned"
java_home=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
"$java_home/bin/java" bench/orders/OrderBurst.java http://127.0.0.1:8080 200 50 100
