# Sourced by the end-to-end checks (. .ci/lib/fresh-suite.sh NAME): starts a local suite of the check's own with
# `./suite up` (a new state folder unless SUITE_STATE_DIR is set, so a first `up` builds and trains as on a fresh
# machine), stops it when the check exits whatever happens, and defines log().
check_name=${1:?usage: . .ci/lib/fresh-suite.sh NAME}
log() { printf '[%s %s] %s\n' "$check_name" "$(date +%T)" "$*"; }
export SUITE_STATE_DIR=${SUITE_STATE_DIR:-$(mktemp -d "/tmp/suite-$check_name.XXXXXX")}
trap './suite down >/dev/null 2>&1 || true' EXIT
log "./suite up (state in $SUITE_STATE_DIR)"
./suite up
