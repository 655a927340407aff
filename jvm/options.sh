#!/bin/sh
# The JVM options of one service: the single definition that ./suite and the images (Dockerfiles) use.
#
#   sh jvm/options.sh MODULE JAVA_MAJOR local|container      prints one option per line
#
# local      absolute heap sizes: ./suite runs nine JVMs on one machine.
# container  heap sizes as shares of the container's memory limit (a third of the 384 MB limit of
#            docker-compose.yml and k8s/ is 128 MB, as locally).
# The class data archive (AOT cache or CDS) is added by the caller once jvm/train.sh has made it.
# Each choice is measured in bench/footprint/README.md; the services also run with MALLOC_ARENA_MAX=2 (at most two
# glibc malloc arenas: the default, 8 per CPU, keeps tens of MB of freed native memory resident).
set -eu
module=${1:?usage: jvm/options.sh MODULE JAVA_MAJOR local|container}
major=${2:?usage: jvm/options.sh MODULE JAVA_MAJOR local|container}
mode=${3:?usage: jvm/options.sh MODULE JAVA_MAJOR local|container}

case "$mode" in
  local|container) ;;
  *) echo "jvm/options.sh: mode must be local or container, not '$mode'" >&2; exit 2 ;;
esac

# Heap: these services keep 30-40 MB live; the consensus-service more room for Raft log buffers. It starts small and
# is given back after full collections (free ratios 10-30 %).
case "$module:$mode" in
  consensus-service:local) heap="-Xms16m -Xmx256m" ;;
  consensus-service:container) heap="-XX:InitialRAMPercentage=4 -XX:MaxRAMPercentage=60" ;;
  *:local) heap="-Xms16m -Xmx128m" ;;
  *:container) heap="-XX:InitialRAMPercentage=4 -XX:MaxRAMPercentage=33" ;;
esac
# The serial collector (no GC threads per core, no remembered sets), small thread stacks, a capped metaspace.
printf '%s\n' -XX:+UseSerialGC $heap -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k \
  -XX:MaxMetaspaceSize=128m -XX:+ExitOnOutOfMemoryError
case "$module" in
  consensus-service)
    printf '%s\n' -XX:ReservedCodeCacheSize=48m ;;
  gateway)
    # The proxy in every request's path keeps C2: it serves about twice as much per CPU as with C1 alone
    # (bench/gateway/README.md). It starts about as fast as with C1 because jvm/train.sh trains its AOT cache with C1
    # only: with a cache trained with C2 it compiled start-up code with C2 again before it was ready, 5.3-6.9 s of CPU
    # instead of 3.4-3.8 s (bench/footprint/README.md, session 8).
    # An 8 MB young generation keeps the part of the heap that every request touches small.
    printf '%s\n' -XX:ReservedCodeCacheSize=48m -Xmn8m ;;
  *)
    # C1 only: a third less code cache and compiler memory, and full speed sooner; on these 2-CPU machines it also
    # served more requests in the first minute than tiered compilation. An 8 MB young generation as for the gateway.
    printf '%s\n' -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -Xmn8m ;;
esac
if [ "$major" -ge 21 ]; then
  echo -Dspring.threads.virtual.enabled=true
else
  # Java 17 on <= 2 CPUs: CompletableFuture's default executor starts a thread per task (the JDK HttpClient used by
  # the gateway goes through it); a common pool of 2 avoids that.
  echo -Djava.util.concurrent.ForkJoinPool.common.parallelism=2
fi
# Java 22+: malloc'ed memory that is free is returned to the OS every 5 s (glibc keeps it otherwise).
if [ "$major" -ge 22 ]; then echo -XX:TrimNativeHeapInterval=5000; fi
