#!/bin/sh
# Makes the class data archive of one service: a training run starts the application until its context is refreshed
# and the JVM writes the classes it loaded (and, on Java 25, linked) to a file that later starts map.
#
#   sh jvm/train.sh JAVA JAVA_MAJOR JAR ARCHIVE_STEM LOG [JVM_OPTION...]
#
# JAVA_MAJOR is JAVA's feature version (the callers know it already). Java 25+: an AOT cache, ARCHIVE_STEM.aot;
# Java 13-24: a dynamic CDS archive, ARCHIVE_STEM.jsa. On success it prints the option that uses the archive; on
# failure it exits 1 and LOG says why (the service then starts without an archive, only slower). Used by ./suite
# and by every Dockerfile, with the service's jvm/options.sh options.
#
# No registry, no database, no fixed port is needed: an in-memory H2 database, port 0, a one-node Raft group on a
# random port, a scratch folder for data and temporary files. The Consul clients stay on, pointed at a closed port,
# so the classes of config import, discovery and registration are in the archive too (this starts the gateway
# ~0.2 s sooner than a training run with them switched off: bench/footprint/README.md).
#
# The training run compiles with C1 only, whatever the service runs with. Java 25's AOT cache also keeps the run's
# method profiles and compilations, and a JVM started from a cache whose training ran C2 compiles those methods (start-up
# code, run once) with C2 again before it is ready: the gateway, which runs C2, used 5.3-6.9 s of CPU to readiness
# and 200 MB with such a cache, 3.4-3.8 s and 174 MB with one trained on C1 (bench/footprint/README.md, session 8).
set -eu
usage="usage: jvm/train.sh JAVA JAVA_MAJOR JAR ARCHIVE_STEM LOG [JVM_OPTION...]"
java=${1:?$usage} major=${2:?$usage} jar=${3:?$usage} stem=${4:?$usage} log=${5:?$usage}
shift 5
case "$jar" in /*) ;; *) jar=$PWD/$jar ;; esac
case "$stem" in /*) ;; *) stem=$PWD/$stem ;; esac
case "$log" in /*) ;; *) log=$PWD/$log ;; esac

if [ "$major" -ge 25 ]; then
  archive=$stem.aot make=-XX:AOTCacheOutput=$archive use=-XX:AOTCache=$archive
else
  archive=$stem.jsa make=-XX:ArchiveClassesAtExit=$archive use=-XX:SharedArchiveFile=$archive
fi
scratch=$(mktemp -d "${TMPDIR:-/tmp}/training.XXXXXX")
raft_port=$(awk 'BEGIN { srand(); print 20000 + int(rand() * 20000) }')
rm -f "$archive"
if (cd "$scratch" && exec env SPRING_CLOUD_CONSUL_HOST=127.0.0.1 SPRING_CLOUD_CONSUL_PORT=1 CONSUL_HOST=127.0.0.1 \
      CONSUL_PORT=1 SPRING_DATASOURCE_URL=jdbc:h2:mem:training SERVER_PORT=0 SUITE_HTTP_PORT=0 \
      SUITE_DATA_DIR="$scratch" SUITE_NODE_ID=n1 "SUITE_PEERS=n1=127.0.0.1:$raft_port" REGISTRY_DNS_PORT=0 \
      "$java" "$@" -XX:TieredStopAtLevel=1 "$make" -Djava.io.tmpdir="$scratch" -XX:-UsePerfData \
      -Dspring.context.exit=onRefresh -jar "$jar") >"$log" 2>&1 && [ -s "$archive" ]; then
  rm -rf "$scratch"
  echo "$use"
else
  rm -rf "$scratch" "$archive"
  exit 1
fi
