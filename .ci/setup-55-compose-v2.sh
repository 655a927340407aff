#!/usr/bin/env bash
# Makes `docker compose` (Compose v2) available next to Debian 12's `docker-compose` 1.29, so the compose check
# proves docker-compose.yml with both. Bookworm has no Compose v2 package; Debian 13 (trixie) packages it as
# `docker-compose` 2.x, a static Go binary (needs only libc6 >= 2.34; bookworm has 2.36). Its .deb is fetched with
# apt from a private trixie source list (signature and checksum checked by apt, nothing added to the system's
# sources or dpkg database) and only the CLI plugin is installed:
#   /usr/local/lib/docker/cli-plugins/docker-compose   -> `docker compose ...`
# /usr/bin/docker-compose (1.29) stays as it is.
# Idempotent: does nothing when `docker compose version` already answers.
set -euo pipefail

log() { printf '[setup-55-compose-v2] %s\n' "$*"; }
PLUGIN=/usr/local/lib/docker/cli-plugins/docker-compose
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if docker compose version >/dev/null 2>&1; then
  log "already present: $(docker compose version)"
  exit 0
fi

work=$(mktemp -d /tmp/compose-v2.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR trixie main" >"$work/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/nonexistent
          -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o Debug::NoLocking=true)

log "fetching Debian trixie's docker-compose (Compose v2) package index"
if ! apt-get "${apt_opts[@]}" update -qq >"$work/apt.log" 2>&1; then
  cat "$work/apt.log" >&2
  log "could not read trixie's package index from $MIRROR; compose v2 is not installed"
  exit 1
fi
version=$(apt-cache "${apt_opts[@]}" show docker-compose 2>/dev/null | sed -n 's/^Version: //p' | grep '^2\.' | head -1 || true)
[ -n "$version" ] || { log "trixie has no docker-compose 2.x package"; exit 1; }
(cd "$work" && apt-get "${apt_opts[@]}" download -qq "docker-compose=$version") >>"$work/apt.log" 2>&1 \
  || { cat "$work/apt.log" >&2; log "download of docker-compose=$version failed"; exit 1; }
dpkg-deb -x "$work"/docker-compose_*.deb "$work/root"
install -D -m 0755 "$work/root/usr/libexec/docker/cli-plugins/docker-compose" "$PLUGIN"
log "installed $PLUGIN: $(docker compose version); $(command -v docker-compose >/dev/null && docker-compose version --short) stays as docker-compose"
