#!/usr/bin/env bash
# How long a shared-configuration change takes to reach every service of a running `./suite up`.
# Usage: bench/config-propagation/run.sh [changes per scenario, default 20] [registry URL, default http://127.0.0.1:8500]
set -euo pipefail
cd "$(dirname "$0")/../.."
java_home="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
curl -sf --max-time 2 http://127.0.0.1:8500/v1/status/leader >/dev/null \
  || { echo "the registry does not answer on :8500: start the suite with ./suite up first" >&2; exit 1; }
exec "$java_home/bin/java" bench/config-propagation/ConfigPropagationBench.java "${1:-20}" "${2:-http://127.0.0.1:8500}"
