#!/usr/bin/env bash
# Makes a Docker engine available for the compose check and the Testcontainers system tests.
# Idempotent: installs what is missing, starts dockerd only when no engine answers, waits until it does.
set -euo pipefail

log() { printf '[setup-50-docker] %s\n' "$*"; }

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if docker info >/dev/null 2>&1; then
  log "engine already running: $(docker version --format '{{.Server.Version}}')"
  exit 0
fi

# No iptables here (sandboxed kernel); containers still reach each other on user-defined networks.
log "starting dockerd (log: /var/log/dockerd.log)"
nohup dockerd --iptables=false --ip6tables=false >/var/log/dockerd.log 2>&1 &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    log "engine ready: $(docker version --format '{{.Server.Version}}')"
    exit 0
  fi
  sleep 1
done
log "dockerd did not answer within 60 s; last lines of /var/log/dockerd.log:"
tail -n 30 /var/log/dockerd.log >&2 || true
exit 1
