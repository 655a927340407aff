#!/usr/bin/env bash
# Gateway benchmarks (see README.md). Everything runs on loopback, bounded in time, and is stopped at the end.
#   (a) overhead: one backend GET directly, through nginx and through the gateway (several JVM set-ups),
#       wrk at 1/16/64 connections, every figure a ratio against direct/nginx measured right before
#   (b) tail latency: three instances, one with +50 ms, round-robin vs least-connections at fixed concurrency
# Settings (environment): DURATION (s per wrk run, default 5), TAIL_DURATION (default 10),
#   WARMUP (s of load before measuring a freshly started gateway, default 90), TAIL_CONNECTIONS (default "2 4 16"),
#   VARIANTS (default "default j25-vt j25 j17 j17-fjp2"; also j25-vt-c1: the C1 compiler only; base-default: another
#   build run the way its own jvm/ runs it, BASE_JAR and BASE_JVM; stock-webflux, stock-webmvc: stock Spring Cloud
#   Gateway apps with one route, STOCK_WEBFLUX_JAR and STOCK_WEBMVC_JAR, built by stock.sh), PARTS (default "a b";
#   also s).
# (s) side by side: every VARIANT up at once, one backend, WARMUP s of load on each in alternating 5 s runs, then ROUNDS
#     rounds of DURATION s on direct, nginx and each gateway in turn (the order rotating) at each of SIDE_CONNECTIONS;
#     each round's and the median rps, ratio to nginx in the same round, CPU µs/req, added p50/p99. Settings: ROUNDS
#     (default 6), SIDE_CONNECTIONS (default "16 64").
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib/ab.sh

DURATION=${DURATION:-5}
WARMUP=${WARMUP:-90}
TAIL_DURATION=${TAIL_DURATION:-10}
TAIL_CONNECTIONS=${TAIL_CONNECTIONS:-"2 4 16"}
ROUNDS=${ROUNDS:-6}
SIDE_CONNECTIONS=${SIDE_CONNECTIONS:-"16 64"}
VARIANTS=${VARIANTS:-"default j25-vt j25 j17 j17-fjp2"}
PARTS=${PARTS:-"a b"}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
JAR=${JAR:-gateway/target/gateway-0.1.0-SNAPSHOT.jar}
# base-default: a jar and the jvm/ folder (options.sh, train.sh) of the build to compare with, e.g. from
# `git worktree add /tmp/base <commit>` and its own build
BASE_JAR=${BASE_JAR:-}
BASE_JVM=${BASE_JVM:-}
# stock-webflux, stock-webmvc: Spring Cloud Gateway Server WebFlux / Web MVC apps with nothing but one route /api/** to
# the backend (property stock.backend-uri), run with jvm/options.sh's gateway options, no AOT cache (see stock.sh)
STOCK_WEBFLUX_JAR=${STOCK_WEBFLUX_JAR:-}
STOCK_WEBMVC_JAR=${STOCK_WEBMVC_JAR:-}
# ports away from the suite's fixed ones (8080-8092, 8500, 8600, 87xx, 97xx)
GATEWAY_PORT=28180 NGINX_PORT=28190 DIRECT_PORT=28101 FAST1=28111 FAST2=28112 SLOW=28113
PATH_UNDER_TEST=/api/inventory/A-1

for tool in wrk ab nginx curl "$JAVA25"; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y wrk apache2-utils nginx-light curl)" >&2; exit 1; }
done
if [ ! -f "$JAR" ]; then
  JAVA_HOME=$(dirname "$(dirname "$JAVA25")") ./mvnw -B -q -pl gateway -am package -DskipTests
fi

WORK=$(mktemp -d /tmp/bench-gateway.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

wait_for() { # url
  for _ in $(seq 1 360); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.5; done
  echo "timed out waiting for $1" >&2; return 1
}

start_backend() { # port latency-ms
  "$JAVA25" -Xmx128m -XX:+UseSerialGC bench/gateway/Backend.java "$1" "$2" >"$WORK/backend-$1.log" 2>&1 &
  PIDS+=($!)
  wait_for "http://127.0.0.1:$1$PATH_UNDER_TEST"
}

start_nginx() { # upstream-port
  mkdir -p "$WORK/nginx"
  cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  upstream backend { server 127.0.0.1:$1; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
CONF
  nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
  wait_for "http://127.0.0.1:$NGINX_PORT$PATH_UNDER_TEST"
}

GATEWAY_PID=
START_MS=
# The JVM options ./suite and the image run the gateway with (jvm_dir/options.sh), and its AOT cache from a training
# run the way they make it (jvm_dir/train.sh on the extracted jar) -> sets JAVA_OPTS_OF_VARIANT and JAR_OF_VARIANT
suite_options() { # jar jvm_dir name
  local jar=$1 jvm=$2 dir="$WORK/$3" major use
  major=$("$JAVA25" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  mkdir -p "$dir"
  "$JAVA25" -Djarmode=tools -jar "$jar" extract --destination "$dir/app" --force >/dev/null
  JAR_OF_VARIANT="$dir/app/$(basename "$jar")"
  mapfile -t JAVA_OPTS_OF_VARIANT < <(sh "$jvm/options.sh" gateway "$major" local)
  if use=$(MALLOC_ARENA_MAX=2 sh "$jvm/train.sh" "$JAVA25" "$major" "$JAR_OF_VARIANT" "$dir/gateway" "$dir/training.log" \
      "${JAVA_OPTS_OF_VARIANT[@]}"); then
    JAVA_OPTS_OF_VARIANT+=("$use")
  else
    echo "no AOT cache for $3 (see $dir/training.log)" >&2
  fi
}

start_gateway() { # variant policy instance-port...
  local variant=$1 policy=$2; shift 2
  local java=$JAVA25 jar=$JAR opts=(-Xmx512m) virtual=false
  case $variant in
    default|base-default)
      if [ "$variant" = default ]; then suite_options "$JAR" jvm default; else suite_options "$BASE_JAR" "$BASE_JVM" base; fi
      jar=$JAR_OF_VARIANT opts=("${JAVA_OPTS_OF_VARIANT[@]}") virtual=true ;;
    j25-vt) virtual=true ;;
    j25-vt-c1) virtual=true; opts+=(-XX:TieredStopAtLevel=1) ;;
    j25) ;;
    j17) java=$JAVA17 ;;
    j17-fjp2) java=$JAVA17; opts+=(-Djava.util.concurrent.ForkJoinPool.common.parallelism=2) ;;
    stock-webflux|stock-webmvc)
      start_stock "$variant" "$1"
      return ;;
  esac
  local args=(--server.port=$GATEWAY_PORT --spring.main.banner-mode=off
    --spring.cloud.consul.enabled=false --spring.cloud.consul.config.enabled=false
    --spring.cloud.consul.discovery.enabled=false --spring.threads.virtual.enabled=$virtual
    --logging.level.dev.suite.gateway.access=WARN
    --loadbalancing.services.inventory-service.policy=$policy)
  local i=0
  for port in "$@"; do
    args+=("--spring.cloud.discovery.client.simple.instances.inventory-service[$i].uri=http://127.0.0.1:$port")
    i=$((i + 1))
  done
  START_MS=$(date +%s%3N)
  MALLOC_ARENA_MAX=2 "$java" "${opts[@]}" -jar "$jar" "${args[@]}" >"$WORK/gateway-$variant-$policy.log" 2>&1 &
  GATEWAY_PID=$!
  PIDS+=($GATEWAY_PID)
  wait_for "http://127.0.0.1:$GATEWAY_PORT/actuator/health"
  wait_for "http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST"
}

# A stock Spring Cloud Gateway (stock.sh) with the gateway's JVM options from jvm/options.sh (no AOT cache: the steady
# state is measured) and its one route pointed at the instance
start_stock() { # variant instance-port
  local jar major opts
  if [ "$1" = stock-webflux ]; then jar=$STOCK_WEBFLUX_JAR; else jar=$STOCK_WEBMVC_JAR; fi
  [ -f "$jar" ] || { echo "$1: no jar (set STOCK_WEBFLUX_JAR / STOCK_WEBMVC_JAR, see stock.sh)" >&2; return 1; }
  major=$("$JAVA25" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  mapfile -t opts < <(sh jvm/options.sh gateway "$major" local)
  START_MS=$(date +%s%3N)
  MALLOC_ARENA_MAX=2 "$JAVA25" "${opts[@]}" -jar "$jar" --server.port=$GATEWAY_PORT --spring.main.banner-mode=off \
    --stock.backend-uri=http://127.0.0.1:$2 >"$WORK/gateway-$1.log" 2>&1 &
  GATEWAY_PID=$!
  PIDS+=($GATEWAY_PID)
  wait_for "http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST"
}

# WARMUP seconds of load at 16 connections on the fresh gateway, in 5 s runs -> sets WARMUP_LINE: the time from the
# gateway's launch to its first proxied answer, each run's rps, and the time to peak: the seconds of load until the
# first run within 10 % of the steady state (the median of the last three runs)
warm_up() {
  local ready_ms rates=() rate steady at
  ready_ms=$(( $(date +%s%3N) - START_MS ))
  for _ in $(seq 1 $((WARMUP / 5))); do
    measure "http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST" 16 5
    rates+=("$RPS")
  done
  steady=$(printf '%s\n' "${rates[@]: -3}" | sort -n | sed -n 2p)
  at=$(printf '%s\n' "${rates[@]}" | awk -v s="$steady" '$1 >= 0.9 * s { print NR * 5; exit }')
  WARMUP_LINE="first answer ${ready_ms} ms after launch; rps per 5 s of load: ${rates[*]}; steady state ${steady} rps, reached (within 10 %) after **${at} s** of load"
}

stop_gateway() {
  kill "$GATEWAY_PID" 2>/dev/null || true
  wait "$GATEWAY_PID" 2>/dev/null || true
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# measure url connections duration [pid] -> sets RPS P50 P99 P999 ERRORS CPU_US (CPU per request of pid, µs)
measure() {
  local url=$1 connections=$2 duration=$3 pid=${4:-} threads=2 before=0 after=0
  [ "$connections" -lt 2 ] && threads=1
  [ -n "$pid" ] && before=$(cpu_ticks "$pid")
  local line
  line=$(wrk -t"$threads" -c"$connections" -d"${duration}s" -s bench/gateway/stats.lua "$url" | grep '^RESULT')
  [ -n "$pid" ] && after=$(cpu_ticks "$pid")
  eval "$(echo "$line" | sed 's/^RESULT //; s/\([a-z0-9]*\)=/local_\1=/g')"
  RPS=$local_rps P50=$local_p50 P99=$local_p99 P999=$local_p999 ERRORS=$local_errors
  CPU_US=-
  if [ -n "$pid" ] && [ "$local_requests" -gt 0 ]; then
    CPU_US=$(awk -v t=$((after - before)) -v n="$local_requests" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", t * 1e6 / hz / n }')
  fi
}

# requests the gateway has sent to the slow instance, and to all instances (its per-instance meters)
sent_counts() {
  curl -fsS "http://127.0.0.1:$GATEWAY_PORT/actuator/prometheus" | awk -v slow="127.0.0.1:$SLOW" '
    /^loadbalancer_instance_requests_seconds_count/ { total += $NF; if (index($0, "instance=\"" slow "\"")) s += $NF }
    END { printf "%d %d\n", s, total }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.2f", a - b }'; }

echo "# Gateway benchmarks, $(date -u +%FT%TZ), $(nproc) CPUs, wrk ${DURATION}s per run"
echo

if [[ " $PARTS " == *" a "* ]]; then
  start_backend $DIRECT_PORT 0
  start_nginx $DIRECT_PORT
  echo "## (a) Overhead: GET $PATH_UNDER_TEST (~110 bytes), one backend"
  echo
  echo "| gateway set-up | conns | direct rps | nginx rps | gateway rps | gw/direct | gw/nginx | nginx/direct | gw added p50 ms | gw added p99 ms | nginx added p50 ms | nginx added p99 ms | gw CPU µs/req | errors | load avg |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  warmups=()
  for variant in $VARIANTS; do
    start_gateway "$variant" round-robin $DIRECT_PORT
    warm_up
    warmups+=("- $variant: $WARMUP_LINE")
    for connections in 1 16 64; do
      measure "http://127.0.0.1:$DIRECT_PORT$PATH_UNDER_TEST" "$connections" "$DURATION"
      d_rps=$RPS d_p50=$P50 d_p99=$P99 errors=$ERRORS
      measure "http://127.0.0.1:$NGINX_PORT$PATH_UNDER_TEST" "$connections" "$DURATION"
      n_rps=$RPS n_p50=$P50 n_p99=$P99 errors=$((errors + ERRORS))
      measure "http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST" "$connections" "$DURATION" "$GATEWAY_PID"
      errors=$((errors + ERRORS))
      echo "| $variant | $connections | $d_rps | $n_rps | $RPS | $(ratio "$RPS" "$d_rps") | $(ratio "$RPS" "$n_rps") | $(ratio "$n_rps" "$d_rps") | $(minus "$P50" "$d_p50") | $(minus "$P99" "$d_p99") | $(minus "$n_p50" "$d_p50") | $(minus "$n_p99" "$d_p99") | $CPU_US | $errors | $(cut -d' ' -f1 /proc/loadavg) |"
    done
    stop_gateway
  done
  echo
  echo "Time to peak (load average $(cut -d' ' -f1-3 /proc/loadavg) at the end):"
  echo
  printf '%s\n' "${warmups[@]}"
  echo
fi

if [[ " $PARTS " == *" s "* ]]; then
  curl -fsS -o /dev/null "http://127.0.0.1:$DIRECT_PORT$PATH_UNDER_TEST" 2>/dev/null || start_backend $DIRECT_PORT 0
  curl -fsS -o /dev/null "http://127.0.0.1:$NGINX_PORT$PATH_UNDER_TEST" 2>/dev/null || start_nginx $DIRECT_PORT
  declare -A side_pid side_port s_rps s_ratio s_cpu s_p50 s_p99 s_load
  side=($VARIANTS)
  first_port=$GATEWAY_PORT
  for i in "${!side[@]}"; do   # ports 28180, 28181, ...
    GATEWAY_PORT=$((first_port + i))
    start_gateway "${side[$i]}" round-robin $DIRECT_PORT
    side_pid[${side[$i]}]=$GATEWAY_PID side_port[${side[$i]}]=$GATEWAY_PORT
  done
  GATEWAY_PORT=$first_port
  for _ in $(seq 1 $((WARMUP / 5))); do
    for variant in "${side[@]}"; do measure "http://127.0.0.1:${side_port[$variant]}$PATH_UNDER_TEST" 16 5; done
  done
  echo "## (s) Side by side: ${side[*]} up at once, GET $PATH_UNDER_TEST, one backend, $ROUNDS rounds after ${WARMUP} s of load on each"
  echo
  echo "Each round: direct, nginx, then the gateways in turn (the order rotating), ${DURATION} s each. Ratio to nginx and"
  echo "added latency (against direct) are taken within the same round; medians over the rounds."
  echo
  for round in $(seq 1 "$ROUNDS"); do
    for connections in $SIDE_CONNECTIONS; do
      measure "http://127.0.0.1:$DIRECT_PORT$PATH_UNDER_TEST" "$connections" "$DURATION"
      d_p50=$P50 d_p99=$P99
      s_rps[direct-$connections]+=" $RPS"
      measure "http://127.0.0.1:$NGINX_PORT$PATH_UNDER_TEST" "$connections" "$DURATION"
      n_rps=$RPS
      s_rps[nginx-$connections]+=" $RPS" s_p50[nginx-$connections]+=" $(minus "$P50" "$d_p50")"
      s_p99[nginx-$connections]+=" $(minus "$P99" "$d_p99")"
      k=$((round % ${#side[@]}))
      for variant in "${side[@]:k}" "${side[@]:0:k}"; do
        measure "http://127.0.0.1:${side_port[$variant]}$PATH_UNDER_TEST" "$connections" "$DURATION" "${side_pid[$variant]}"
        key=$variant-$connections
        s_rps[$key]+=" $RPS" s_ratio[$key]+=" $(ratio "$RPS" "$n_rps")" s_cpu[$key]+=" $CPU_US"
        s_p50[$key]+=" $(minus "$P50" "$d_p50")" s_p99[$key]+=" $(minus "$P99" "$d_p99")"
      done
      s_load[$connections]+=" $(cut -d' ' -f1 /proc/loadavg)"
    done
  done
  median() { # printf-format, numbers on stdin
    tr ' ' '\n' | grep -v '^$' | sort -g | awk -v f="$1" '{ v[NR] = $1 }
      END { if (NR == 0) print "-"; else printf f, (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
  }
  echo "| set-up | conns | rps (each round) | median rps | ratio to nginx (each round) | median | CPU µs/req (each round) | median | added p50 ms (each round) | median | median added p99 ms |"
  echo "| --- | ---: | --- | ---: | --- | ---: | --- | ---: | --- | ---: | ---: |"
  for connections in $SIDE_CONNECTIONS; do
    for variant in direct nginx "${side[@]}"; do
      key=$variant-$connections
      echo "| $variant | $connections |${s_rps[$key]} | $(median %.0f <<<"${s_rps[$key]}") |${s_ratio[$key]:- -} | $(median %.2f <<<"${s_ratio[$key]:-}") |${s_cpu[$key]:- -} | $(median %.0f <<<"${s_cpu[$key]:-}") |${s_p50[$key]:- -} | $(median %+.2f <<<"${s_p50[$key]:-}") | $(median %+.2f <<<"${s_p99[$key]:-}") |"
    done
  done
  echo
  for connections in $SIDE_CONNECTIONS; do
    echo "Load average after each round at $connections connections:${s_load[$connections]}"
  done
  echo
  for variant in "${side[@]}"; do GATEWAY_PID=${side_pid[$variant]}; stop_gateway; done
fi

if [[ " $PARTS " == *" b "* ]]; then
  start_backend $FAST1 0
  start_backend $FAST2 0
  start_backend $SLOW 50
  echo "## (b) Tail latency: three instances, one with +50 ms; gateway on Java 25 with virtual threads, ${TAIL_DURATION}s per run"
  echo
  echo "Per-request latency from ab; the last column is wrk's p99 over the same load, which wrk corrects for coordinated"
  echo "omission (see README.md)."
  echo
  echo "| policy | conns | rps | p50 ms | p99 ms | p99.9 ms | share sent to the slow instance | errors | wrk corrected p99 ms |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  declare -A p99 wrk_p99
  for policy in round-robin least-connections; do
    start_gateway j25-vt "$policy" $FAST1 $FAST2 $SLOW
    measure "http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST" 16 "$WARMUP"   # JIT warm-up
    for connections in $TAIL_CONNECTIONS; do
      read -r slow_before total_before < <(sent_counts)
      ab_measure "http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST" "$connections" "$TAIL_DURATION"
      read -r slow_after total_after < <(sent_counts)
      p99[$policy-$connections]=$P99
      share=$(awk -v s=$((slow_after - slow_before)) -v t=$((total_after - total_before)) 'BEGIN { printf "%.2f %%", t ? 100 * s / t : 0 }')
      ab_line="| $policy | $connections | $RPS | $P50 | $P99 | $P999 | $share | $ERRORS"
      measure "http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST" "$connections" "$TAIL_DURATION"
      wrk_p99[$policy-$connections]=$P99
      echo "$ab_line | $P99 |"
    done
    stop_gateway
  done
  echo
  for connections in $TAIL_CONNECTIONS; do
    echo "LC/RR at p99, $connections connections: $(ratio "${p99[least-connections-$connections]}" "${p99[round-robin-$connections]}") (target <= 0.3); with wrk's correction: $(ratio "${wrk_p99[least-connections-$connections]}" "${wrk_p99[round-robin-$connections]}")"
  done
fi
