#!/usr/bin/env bash
# Orders through the gateway of a running `./suite up`, against order-service direct and the reservation alone.
# Usage: bench/orders/run.sh [seconds per throughput phase, default 10] [sequential orders, default 300]
set -euo pipefail
cd "$(dirname "$0")/../.."
java_home="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
curl -sf --max-time 2 -o /dev/null http://127.0.0.1:8080/actuator/health \
  || { echo "the gateway does not answer on :8080: start the suite with ./suite up first" >&2; exit 1; }
exec "$java_home/bin/java" bench/orders/OrdersBench.java "${1:-10}" "${2:-300}"
