#!/usr/bin/env bash
# Builds registry-service's jar if missing and runs the registry benchmark. Not part of the test suite.
# Usage: bench/registry/run.sh [seconds per throughput phase, default 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=$(ls registry-service/target/registry-service-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [ -z "$jar" ]; then
  ./mvnw -B -q -pl registry-service -am -DskipTests package
  jar=$(ls registry-service/target/registry-service-*.jar | grep -v original | head -1)
fi
exec "$JAVA_HOME/bin/java" bench/registry/RegistryBench.java "$jar" "${1:-5}"
