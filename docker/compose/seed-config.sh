#!/bin/sh
# One-shot: writes docker/compose/shared-config.properties into the Consul KV API at $KV_URL, only keys that are
# absent (?cas=0), retrying while the Raft cluster elects its leader. Runs in any image with sh and curl or wget.
set -eu
KV_URL=${KV_URL:-http://consensus-1:8701}
CONFIG=${CONFIG:-/shared-config.properties}

put() {  # key value -> prints the answer body (true/false)
  if command -v curl >/dev/null 2>&1; then
    curl -fsS -X PUT --data-binary "$2" "$KV_URL/v1/kv/$1?cas=0"
  else
    wget -q -O - --method=PUT --body-data="$2" "$KV_URL/v1/kv/$1?cas=0"
  fi
}

grep -v '^[[:space:]]*#' "$CONFIG" | grep '=' | while IFS= read -r line; do
  key=${line%%=*}
  value=${line#*=}
  tries=0
  until answer=$(put "$key" "$value" 2>/dev/null); do
    tries=$((tries + 1))
    if [ "$tries" -ge 60 ]; then echo "config-seed: could not write $key to $KV_URL after 60 tries" >&2; exit 1; fi
    sleep 2
  done
  case "$answer" in
    *true*) echo "config-seed: $key = $value" ;;
    *) echo "config-seed: $key exists, kept" ;;
  esac
done
echo "config-seed: done"
