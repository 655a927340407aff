#!/usr/bin/env bash
# The public API fuzzed through the gateway of a running suite, as a client meets it: `./suite up`, then the
# property-based fuzz tests of order-service and inventory-service (jqwik requests generated from the OpenAPI documents
# the gateway serves, every answer checked against them by Atlassian's validator) pointed at the gateway instead of
# services of their own. Fails on any 5xx, any answer the documents do not promise, an error that is not a problem
# detail, or stock changed by a refused request. Stops the suite whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

. .ci/lib/fresh-suite.sh check-65-api-fuzz
# Atlassian's validator needs Java 21+; on an older JDK the fuzz tests are not even compiled.
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
log "fuzzing the order and inventory APIs through the gateway at http://127.0.0.1:8080"
./mvnw -B -ntp -pl order-service,inventory-service -am test -Dtest='OrderApiFuzzTest,InventoryApiFuzzTest' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dsuite.fuzz.gateway=http://127.0.0.1:8080 | tee "$SUITE_STATE_DIR/fuzz.log" \
  | grep -E 'ApiFuzzTest|Tests run:|FAIL|ERROR|BUILD' || true
if ! grep -q 'BUILD SUCCESS' "$SUITE_STATE_DIR/fuzz.log" \
    || ! grep -Eq 'OrderApiFuzzTest \(through the gateway at .*\): [1-9][0-9]* requests' "$SUITE_STATE_DIR/fuzz.log" \
    || ! grep -Eq 'InventoryApiFuzzTest \(through the gateway at .*\): [1-9][0-9]* requests' "$SUITE_STATE_DIR/fuzz.log"; then
  log "FAILED (or the fuzz tests did not run): see $SUITE_STATE_DIR/fuzz.log"
  tail -80 "$SUITE_STATE_DIR/fuzz.log"
  exit 1
fi
log "passed"
