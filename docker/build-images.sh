#!/usr/bin/env bash
# Builds every image the suite needs without pulling anything (no registry is reachable here):
#   suite/debian:bookworm  root file system from debootstrap, imported (cached: skipped when present)
#   suite/jre:25           a jlink'ed Java 25 runtime from the local Temurin 25 JDK, over suite/debian
#   suite/jre:17           Debian's openjdk-17-jre-headless over suite/debian (used when no JDK 25 is present)
#   suite/postgres:15      Debian's postgresql, honouring POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB
#   suite/<service>:latest the five services and the console, from the one Dockerfile (MODULE, PORT build arguments), over the JRE image
#
# Usage: docker/build-images.sh [--jre 17|25] [--no-services] [--rebuild-base]
# Re-runnable: base images are reused, the service images rebuild from the jars (built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

SERVICES=(registry-service consensus-service gateway order-service inventory-service console)
# The Dockerfile's PORT and EXTRA_PORTS for each module.
port_of() {
  case "$1" in
    registry-service) echo 8500 ;; consensus-service) echo 8701 ;; gateway) echo 8080 ;;
    order-service) echo 8081 ;; inventory-service) echo 8082 ;; console) echo 8070 ;;
  esac
}
extra_ports_of() {
  case "$1" in
    registry-service) echo "8600/udp 8600/tcp" ;; consensus-service) echo 9701 ;; *) echo "" ;;
  esac
}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
jre_version=""
build_services=true
rebuild_base=false

while [ $# -gt 0 ]; do
  case "$1" in
    --jre) jre_version=${2:?--jre needs 17 or 25}; shift 2 ;;
    --no-services) build_services=false; shift ;;
    --rebuild-base) rebuild_base=true; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "build-images: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$jre_version" ]; then
  if [ -x "$JDK25/bin/jlink" ]; then jre_version=25; else jre_version=17; fi
fi
case "$jre_version" in 17|25) ;; *) echo "build-images: --jre must be 17 or 25, not '$jre_version'" >&2; exit 2 ;; esac

step() { printf '\n==> [%s] %s\n' "$(date +%T)" "$*"; }
have_image() { docker image inspect "$1" >/dev/null 2>&1; }

command -v docker >/dev/null || { echo "build-images: docker is not installed (see .ci/setup-50-docker.sh)" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "build-images: no Docker engine answers (start dockerd first, see .ci/setup-50-docker.sh)" >&2; exit 1; }

work=$(mktemp -d /tmp/suite-images.XXXXXX)
trap 'rm -rf "$work"' EXIT

# 1. Debian root file system. debootstrap takes about 2 minutes, so the imported image is the cache.
if $rebuild_base || ! have_image suite/debian:bookworm; then
  command -v debootstrap >/dev/null || { echo "build-images: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 1; }
  step "debootstrap bookworm (minbase + ca-certificates, curl) -> suite/debian:bookworm"
  rootfs="$work/rootfs"
  debootstrap --variant=minbase --include=ca-certificates,curl bookworm "$rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log" >&2; echo "build-images: debootstrap failed" >&2; exit 1; }
  # Slim it: package lists and caches are rebuilt by any later apt-get update.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
         "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*
  echo "deb $MIRROR bookworm main" >"$rootfs/etc/apt/sources.list"
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/bash"]' - suite/debian:bookworm >/dev/null
  rm -rf "$rootfs"
else
  step "suite/debian:bookworm exists (cached; --rebuild-base to redo)"
fi

# 2. The JRE base image.
jre_image="suite/jre:$jre_version"
# The modules a Spring Boot web service with JDBC, JMX/actuator and DNS lookups uses, jcmd for diagnostics, and the
# modules of every security provider the runtime's java.security lists (SunPCSC, JdkSASL, SunPKCS11). Without one of
# those, the first look at all providers (Tomcat's session id generator does one at start) searches the class path
# for it and instantiates every provider found there: Bouncy Castle's, which Spring Cloud brings, loads 625 classes
# from its signed jar (no class data archive can hold them) and made the gateway's container ready 0.2-0.5 s later.
jlink_modules=java.se,jdk.unsupported,jdk.management,jdk.management.agent,jdk.jfr,jdk.naming.dns,jdk.crypto.ec,jdk.zipfs
jlink_modules+=,jdk.httpserver,jdk.net,jdk.jcmd,jdk.localedata,java.smartcardio,jdk.security.jgss,jdk.crypto.cryptoki
# A cached runtime is reused only if it was linked with these modules (its label says which).
jre_is_current() {
  [ "$jre_version" = 17 ] && return 0
  [ "$(docker image inspect --format '{{index .Config.Labels "suite.jlink.modules"}}' "$jre_image")" = "$jlink_modules" ]
}
if $rebuild_base || ! have_image "$jre_image" || ! jre_is_current; then
  if [ "$jre_version" = 25 ]; then
    [ -x "$JDK25/bin/jlink" ] || { echo "build-images: no JDK 25 at $JDK25 (set JDK25=... or use --jre 17)" >&2; exit 1; }
    step "jlink a Java 25 runtime from $JDK25 -> $jre_image"
    mkdir -p "$work/jre25"
    "$JDK25/bin/jlink" --output "$work/jre25/java" --strip-debug --no-header-files --no-man-pages \
      --add-modules "$jlink_modules" --generate-cds-archive
    cp docker/jre/Dockerfile.jlink "$work/jre25/Dockerfile"
    docker build -q --label "suite.jlink.modules=$jlink_modules" -t "$jre_image" "$work/jre25" >/dev/null
  else
    step "Debian openjdk-17-jre-headless -> $jre_image"
    docker build -q --network host -t "$jre_image" -f docker/jre/Dockerfile.debian docker/jre >/dev/null
  fi
else
  step "$jre_image exists (cached)"
fi

# 3. PostgreSQL from Debian's packages.
if $rebuild_base || ! have_image suite/postgres:15; then
  step "Debian postgresql -> suite/postgres:15"
  docker build -q --network host -t suite/postgres:15 docker/postgres >/dev/null
else
  step "suite/postgres:15 exists (cached)"
fi

# 4. The suite's own images, over the JRE image.
if $build_services; then
  missing_jar=false
  for service in "${SERVICES[@]}"; do
    ls "$service"/target/"$service"-*.jar >/dev/null 2>&1 || missing_jar=true
  done
  if $missing_jar; then
    step "building the jars (./mvnw -q -DskipTests package)"
    ./mvnw -B -q -ntp -DskipTests package
  fi
  for service in "${SERVICES[@]}"; do
    step "docker build $service -> suite/$service:latest (over $jre_image)"
    docker build -q --network host --build-arg "JRE_IMAGE=$jre_image" --build-arg "MODULE=$service" \
      --build-arg "PORT=$(port_of "$service")" --build-arg "EXTRA_PORTS=$(extra_ports_of "$service")" \
      -t "suite/$service:latest" . >/dev/null
    archive=$(docker run --rm --entrypoint sh "suite/$service:latest" -c 'grep -E "AOTCache|SharedArchiveFile" /app/jvm.args || true')
    echo "    class data archive: ${archive:-none (the training run failed; the service starts without it)}"
  done
fi

step "images:"
docker images 'suite/*' --format '  {{.Repository}}:{{.Tag}}  {{.Size}}'
