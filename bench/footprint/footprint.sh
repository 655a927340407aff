#!/usr/bin/env bash
# Start-up time and resident memory of each service, per JVM configuration, locally and in containers.
#
#   bench/footprint/footprint.sh [--local] [--containers] [--services "gateway ..."] [--variants "baseline aot"] [--runs N]
#
# Variants (same jars, same machine, one service at a time, all measured in this run):
#   baseline   java -jar <fat jar>, JVM defaults                                 (the reference for the ratios)
#   suite      exactly what ./suite up runs: `./suite jvm-args <module>` (its environment, JVM options and AOT
#              cache, trained the way ./suite trains it)
#   container  the image from docker/build-images.sh as docker-compose.yml runs it: --memory=384m
# Earlier configurations, for comparison (--variants "tuned cds aot aot-lazy"):
#   tuned      extracted jar, serial GC, -Xmx256m, 512k stacks, 64m code cache   (./suite's flags before 2026-11-26)
#   cds        tuned + a dynamic CDS archive from a training run                 (Java 19+)
#   aot        tuned + Java 25 AOT cache (-XX:AOTCacheOutput training run)       (Java 25+)
#   aot-lazy   aot + spring.main.lazy-initialization=true
#
# Start-up: wall time from launching the JVM until /actuator/health/readiness answers 200 (polled every 100 ms), and
# the CPU time the JVM used until then (user + system of all its threads, from /proc): on a machine shared with other
# work the wall time swings with what else runs, the CPU time less (crowded cores still slow every instruction).
# RSS: VmRSS of the JVM after a warm-up of 300 requests (health, and reads and writes of the service's own API)
# and 6 s of rest. Each service runs alone against a registry started by this script on a free port; it reports
# the median of --runs runs (default 1). Nothing here is a pass/fail: read the ratios against the baseline.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
SERVICES=(registry-service consensus-service inventory-service order-service gateway)
RUNS=1 do_local=false do_containers=false ONLY_VARIANTS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --local) do_local=true; shift ;;
    --containers) do_containers=true; shift ;;
    --services) read -r -a SERVICES <<<"$2"; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --variants) read -r -a ONLY_VARIANTS <<<"$2"; shift 2 ;;
    *) sed -n '2,25p' "$0"; exit 2 ;;
  esac
done
if ! $do_local && ! $do_containers; then do_local=true; do_containers=true; fi

WORK=$(mktemp -d /tmp/footprint.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]+"${PIDS[@]}"}"; do kill "$pid" 2>/dev/null || true; done
  docker rm -f $(docker ps -aq --filter label=suite.bench=footprint) >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }
jar_of() { ls "$ROOT/$1/target/$1"-*.jar 2>/dev/null | head -1; }
major=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)

for service in "${SERVICES[@]}"; do
  [ -n "$(jar_of "$service")" ] || { echo "no jar for $service: run ./mvnw -DskipTests package first" >&2; exit 1; }
done

wait_ready() {  # port pid timeout_s -> 0 when ready
  local port=$1 pid=$2 deadline=$(( $(date +%s) + $3 ))
  while [ "$(date +%s)" -lt $deadline ]; do
    kill -0 "$pid" 2>/dev/null || return 1
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/actuator/health/readiness")" = 200 ] && return 0
    sleep 0.1
  done
  return 1
}
# 100 health checks and 200 calls of the service's own API (reads and writes; the gateway's routes answer 503 here,
# with no instances behind them, which still runs its routing and load-balancing path).
warm_up() {  # port service
  local port=$1 service=$2 i u="http://127.0.0.1:$1"
  for i in $(seq 1 100); do
    curl -s -o /dev/null "$u/actuator/health"
    case "$service" in
      registry-service)
        curl -s -o /dev/null -X PUT -d "{\"Name\":\"warm\",\"ID\":\"warm-$((i % 5))\",\"Port\":$((9000 + i % 5))}" "$u/v1/agent/service/register"
        curl -s -o /dev/null "$u/v1/health/service/warm?passing" ;;
      consensus-service)
        curl -s -o /dev/null -X PUT -d "value-$i" "$u/v1/kv/warm/key-$((i % 10))"
        curl -s -o /dev/null "$u/v1/kv/warm/?recurse" ;;
      inventory-service)
        curl -s -o /dev/null -X PUT -H 'Content-Type: application/json' -d "{\"available\":$i}" "$u/api/inventory/WARM-$((i % 10))"
        curl -s -o /dev/null "$u/api/inventory/WARM-$((i % 10))" ;;
      order-service)
        curl -s -o /dev/null "$u/api/orders?limit=10"
        curl -s -o /dev/null "$u/api/orders/00000000-0000-0000-0000-00000000000$((i % 10))" ;;
      gateway)
        curl -s -o /dev/null "$u/api/inventory/WARM-1"
        curl -s -o /dev/null "$u/api/orders?limit=10" ;;
    esac
  done
  # Longer than the JVMs' 5 s native-heap trim interval (-XX:TrimNativeHeapInterval=5000): what start-up freed is
  # measured after it went back to the OS, not at a random point before or after the first trim.
  sleep 6
}
rss_mb() { awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$1/status"; }
# CPU time (user + system, all threads) a process has used, in ms: time spent waiting for a CPU is not in it.
CLK_TCK=$(getconf CLK_TCK)
cpu_ms() { awk -v hz="$CLK_TCK" '{ sub(/^.*\) /, ""); printf "%d", ($12 + $13) * 1000 / hz }' "/proc/$1/stat"; }

# The environment a service runs in here: its own data folder, the bench registry, a free port.
service_env() {
  local service=$1 port=$2 dir=$3
  printf '%s\n' "SERVER_PORT=$port" "SUITE_HTTP_PORT=$port" "SUITE_DATA_DIR=$dir/data" \
    "SPRING_CLOUD_CONSUL_HOST=127.0.0.1" "SPRING_CLOUD_CONSUL_PORT=$REGISTRY_PORT" \
    "CONSUL_HOST=127.0.0.1" "CONSUL_PORT=$REGISTRY_PORT" "REGISTRY_DNS_PORT=$(free_port)" \
    "SUITE_NODE_ID=n1" "SUITE_PEERS=n1=127.0.0.1:$(free_port)"
}

TUNED=(-XX:+UseSerialGC -Xms32m -Xmx256m -Xss512k -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=192m)

# Prepares a variant's files (extracted jar, CDS archive, AOT cache) and prints the java arguments for it.
prepare_variant() {
  local service=$1 variant=$2 dir="$WORK/$service" jar
  jar=$(jar_of "$service")
  if [ ! -f "$dir/app/$service.jar" ]; then
    mkdir -p "$dir/app"
    "$JAVA" -Djarmode=tools -jar "$jar" extract --destination "$dir/app" --force >/dev/null
    mv "$dir/app/$(basename "$jar")" "$dir/app/$service.jar"
  fi
  local app="$dir/app/$service.jar" train_port
  case "$variant" in
    baseline) printf '%s\n' -jar "$jar" ;;
    suite)
      # What ./suite up runs (its own state folder here, so a running suite is not touched).
      SUITE_STATE_DIR="$WORK/suite-state" JAVA_HOME="$JAVA_HOME" SUITE_JAVA_HOME="$JAVA_HOME" \
        "$ROOT/suite" jvm-args "$service" 2>"$dir/suite-jvm-args.log" ;;
    tuned)    printf '%s\n' "${TUNED[@]}" -jar "$app" ;;
    cds|aot|aot-lazy)
      local archive flag use
      if [ "$variant" = cds ]; then archive="$dir/app.jsa" flag="-XX:ArchiveClassesAtExit=$archive" use="-XX:SharedArchiveFile=$archive"
      else archive="$dir/app.aot" flag="-XX:AOTCacheOutput=$archive" use="-XX:AOTCache=$archive"; fi
      if [ ! -f "$archive" ]; then
        train_port=$(free_port)
        mapfile -t env_vars < <(service_env "$service" "$train_port" "$dir/train")
        mkdir -p "$dir/train"
        env "${env_vars[@]}" "$JAVA" "${TUNED[@]}" "$flag" -Dspring.context.exit=onRefresh -jar "$app" >"$dir/train-$variant.log" 2>&1 || true
      fi
      if [ -f "$archive" ]; then printf '%s\n' "${TUNED[@]}" "$use"; else printf '%s\n' "${TUNED[@]}"; echo "  ($variant: training failed, see $dir/train-$variant.log)" >&2; fi
      [ "$variant" = aot-lazy ] && echo -Dspring.main.lazy-initialization=true
      printf '%s\n' -jar "$app" ;;
  esac
}

run_local() {  # service variant -> prints "start_ms cpu_ms rss_mb"
  local service=$1 variant=$2 dir="$WORK/$service" port pid start ready
  mapfile -t args < <(prepare_variant "$service" "$variant")
  port=$(free_port)
  rm -rf "$dir/run" && mkdir -p "$dir/run"
  mapfile -t env_vars < <(service_env "$service" "$port" "$dir/run")
  # "env NAME=value" lines (the suite variant) are environment, not JVM options.
  local a java_args=()
  for a in "${args[@]}"; do
    if [[ "$a" == "env "* ]]; then env_vars+=("${a#env }"); else java_args+=("$a"); fi
  done
  start=$(now_ms)
  env "${env_vars[@]}" "$JAVA" "${java_args[@]}" >"$dir/$variant.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  if ! wait_ready "$port" "$pid" 180; then
    echo "  $service/$variant did not become ready; log: $dir/$variant.log" >&2
    kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
    echo "- - -"; return
  fi
  ready=$(now_ms)
  local cpu
  cpu=$(cpu_ms "$pid")
  warm_up "$port" "$service"
  echo "$((ready - start)) $cpu $(rss_mb "$pid")"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

run_container() {  # service -> prints "start_ms cpu_ms rss_mb"
  local service=$1 port cid start ready polls=0
  port=$(free_port)
  start=$(now_ms)
  cid=$(docker run -d --label suite.bench=footprint --memory=384m --network host \
        -e SERVER_PORT="$port" -e SUITE_NODE_ID=n1 -e "SUITE_PEERS=n1=127.0.0.1:$(free_port)" \
        -e SPRING_CLOUD_CONSUL_HOST=127.0.0.1 -e SPRING_CLOUD_CONSUL_PORT="$REGISTRY_PORT" \
        -e CONSUL_HOST=127.0.0.1 -e CONSUL_PORT="$REGISTRY_PORT" -e REGISTRY_DNS_PORT="$(free_port)" \
        "suite/$service:latest")
  local deadline=$(( $(date +%s) + 180 ))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/actuator/health/readiness")" = 200 ]; do
    # Whether the container still runs is asked every 2 s only: each docker CLI call takes CPU from the JVM that is
    # starting (asking on every poll made the containers look 1-2 s slower than the same JVM started locally).
    polls=$((polls + 1))
    if [ "$(date +%s)" -ge $deadline ] || { [ $((polls % 20)) -eq 0 ] && [ "$(docker inspect -f '{{.State.Running}}' "$cid")" != true ]; }; then
      echo "  container $service did not become ready:" >&2; docker logs --tail 20 "$cid" >&2 || true
      docker rm -f "$cid" >/dev/null; echo "- - -"; return
    fi
    sleep 0.1
  done
  ready=$(now_ms)
  local cpu  # the container's java (its PID 1, exec'ed by the entrypoint's sh) as seen from this host
  cpu=$(cpu_ms "$(docker inspect -f '{{.State.Pid}}' "$cid")")
  warm_up "$port" "$service"
  local rss
  rss=$(docker exec "$cid" sh -c 'awk "/VmRSS/ {printf \"%d\", \$2/1024}" /proc/1/status')
  docker rm -f "$cid" >/dev/null
  echo "$((ready - start)) $cpu $rss"
}

# The registry every measured service registers with.
REGISTRY_PORT=$(free_port)
mkdir -p "$WORK/bench-registry"
env SERVER_PORT="$REGISTRY_PORT" REGISTRY_DNS_PORT="$(free_port)" "$JAVA" "${TUNED[@]}" -jar "$(jar_of registry-service)" \
  >"$WORK/bench-registry.log" 2>&1 &
PIDS+=("$!")
wait_ready "$REGISTRY_PORT" "$!" 180 || { echo "the bench registry did not start" >&2; tail "$WORK/bench-registry.log" >&2; exit 1; }

VARIANTS=()
if $do_local; then VARIANTS+=(baseline suite); fi
if $do_containers && docker image inspect suite/gateway:latest >/dev/null 2>&1; then VARIANTS+=(container); fi
if [ ${#ONLY_VARIANTS[@]} -gt 0 ]; then
  kept=()
  for v in baseline suite tuned cds aot aot-lazy container; do
    [[ " ${ONLY_VARIANTS[*]} " == *" $v "* ]] || continue
    case "$v" in aot|aot-lazy) [ "$major" -ge 25 ] || continue ;; cds) [ "$major" -ge 19 ] || continue ;; esac
    kept+=("$v")
  done
  VARIANTS=("${kept[@]}")
fi

declare -A START CPU RSS
for service in "${SERVICES[@]}"; do
  for variant in "${VARIANTS[@]}"; do
    starts=() cpus=() rsses=()
    for _ in $(seq 1 "$RUNS"); do
      if [ "$variant" = container ]; then read -r s c r < <(run_container "$service"); else read -r s c r < <(run_local "$service" "$variant"); fi
      starts+=("$s") cpus+=("$c") rsses+=("$r")
    done
    START[$service/$variant]=$(printf '%s\n' "${starts[@]}" | grep -v '^-$' | median)
    CPU[$service/$variant]=$(printf '%s\n' "${cpus[@]}" | grep -v '^-$' | median)
    RSS[$service/$variant]=$(printf '%s\n' "${rsses[@]}" | grep -v '^-$' | median)
    printf '  %-18s %-9s start %6s ms  cpu %6s ms  rss %5s MB\n' "$service" "$variant" "${START[$service/$variant]}" \
      "${CPU[$service/$variant]}" "${RSS[$service/$variant]}" >&2
  done
done

# " (0.42)": the ratio to the baseline column of the same service, when there is one.
ratio() {
  [ -n "$2" ] && [ "$3" != baseline ] || return 0
  awk -v a="$1" -v b="$2" 'BEGIN { if (a != "-" && b != "-" && b != 0) printf " (%.2f)", a / b }'
}
echo
echo "Java $major ($JAVA_HOME), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)$(
  [ -r /proc/pressure/cpu ] && awk '/^some/ { sub("avg300=", "", $4); printf ", CPU pressure (5 min) %s %%", $4 }' /proc/pressure/cpu
); median of $RUNS run(s)"
echo "start = launch to readiness 200 (wall ms); cpu = CPU time the JVM used until then (all its threads, ms);"
echo "RSS after warm-up (MB); (x) = ratio to the baseline column of the same service"
echo
printf '| %-17s |' service; for v in "${VARIANTS[@]}"; do printf ' %-40s |' "$v"; done; echo
printf '|%s|' "-------------------"; for v in "${VARIANTS[@]}"; do printf '%s|' "------------------------------------------"; done; echo
for service in "${SERVICES[@]}"; do
  printf '| %-17s |' "$service"
  for v in "${VARIANTS[@]}"; do
    s=${START[$service/$v]} c=${CPU[$service/$v]} r=${RSS[$service/$v]}
    printf ' %-40s |' "$(printf '%s ms%s, cpu %s ms%s, %s MB%s' \
      "$s" "$(ratio "$s" "${START[$service/baseline]:-}" "$v")" \
      "$c" "$(ratio "$c" "${CPU[$service/baseline]:-}" "$v")" \
      "$r" "$(ratio "$r" "${RSS[$service/baseline]:-}" "$v")")"
  done
  echo
done
