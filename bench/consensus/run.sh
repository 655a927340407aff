#!/usr/bin/env bash
# Benchmark: 3-node consensus-service vs 3-node etcd 3.4, both on loopback, same load tools (wrk for throughput,
# ab for each sequential put's own latency, see ../lib/ab.sh),
# 256-byte values. Prints every figure as the ratio consensus/etcd, measured in this run.
#
# Needs: Debian packages etcd-server, etcd-client, wrk, curl. The consensus-service JVMs run exactly as
# `./suite up` runs them (`./suite jvm-args consensus-service`: its JVM options, environment and AOT cache; the
# suite builds the jar if it is missing). Ports 28701-28703/29701-29703 (consensus) and 22379-22381/22380-22382
# (etcd); nothing on the suite's fixed ports.
# Env: DURATION (seconds per wrk run, default 10), TRIALS (failover trials, default 5),
# WARMUP_ROUNDS (most 15-second warm-up rounds per side, default 16; see "warm-up" below).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
. ../lib/ab.sh
DURATION=${DURATION:-10}
TRIALS=${TRIALS:-5}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-16}
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$JAVA_HOME/bin/java" ] || JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
for tool in etcd etcdctl wrk ab curl; do
  command -v $tool >/dev/null || { echo "missing $tool (apt-get install etcd-server etcd-client wrk apache2-utils curl)"; exit 1; }
done

WORK=$(mktemp -d /tmp/bench-consensus.XXXX)
declare -A PIDS
cleanup() {
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
now_ms() { date +%s%3N; }

# ---------- consensus-service
# "env NAME=value" lines of `./suite jvm-args` are environment, the rest the java command line.
echo "== preparing the consensus-service JVMs as ./suite runs them (builds and trains its AOT cache if needed)"
CS_ENV=(); CS_JAVA=()
while IFS= read -r arg; do
  if [[ "$arg" == "env "* ]]; then CS_ENV+=("${arg#env }"); else CS_JAVA+=("$arg"); fi
done < <(SUITE_STATE_DIR="$WORK/suite-state" SUITE_JAVA_HOME="$JAVA_HOME" "$ROOT/suite" jvm-args consensus-service)
[ ${#CS_JAVA[@]} -gt 0 ] || { echo "./suite jvm-args consensus-service printed nothing"; exit 1; }
CS_PEERS="n1=127.0.0.1:29701,n2=127.0.0.1:29702,n3=127.0.0.1:29703"
cs_start() {
  local i=$1
  env "${CS_ENV[@]}" SUITE_HTTP_PORT=2870$i SUITE_NODE_ID=n$i SUITE_PEERS=$CS_PEERS SUITE_DATA_DIR=$WORK/cs$i \
    nohup "$JAVA_HOME/bin/java" "${CS_JAVA[@]}" >>"$WORK/cs$i.log" 2>&1 &
  PIDS[cs$i]=$!
  disown  # the failover trials kill -9 it: no "Killed" notice from the shell
}
cs_leader() { # prints the node number of the leader
  local addr
  addr=$(curl -s -m 2 "http://127.0.0.1:${1:-28701}/v1/status/leader" | tr -d '"')
  if [ -n "$addr" ]; then echo "${addr: -1}"; fi
}
cs_wait_ready() {
  # Up to ~5 minutes: JVM start-up on a shared 2-core machine can take a minute.
  for _ in $(seq 1 1500); do
    local ok=0
    for i in 1 2 3; do
      [ -n "${PIDS[cs$i]:-}" ] || continue
      [ -n "$(cs_leader 2870$i 2>/dev/null)" ] && ok=$((ok + 1))
    done
    [ $ok -eq 3 ] && curl -sf -m 5 -X PUT -d warm "http://127.0.0.1:28701/v1/kv/bench/warm" >/dev/null && return 0
    sleep 0.2
  done
  echo "consensus cluster did not become ready"; exit 1
}
cs_put() { curl -s -m 5 -X PUT --data-binary "$2" "http://127.0.0.1:$1/v1/kv/bench/failover" 2>/dev/null; }

# ---------- etcd
ETCD_CLUSTER="e1=http://127.0.0.1:22380,e2=http://127.0.0.1:22381,e3=http://127.0.0.1:22382"
etcd_start() {
  local i=$1 client peer
  client=$((22370 + i)); peer=$((22379 + i))
  nohup etcd --name e$i --data-dir "$WORK/etcd$i" \
    --listen-client-urls http://127.0.0.1:$client --advertise-client-urls http://127.0.0.1:$client \
    --listen-peer-urls http://127.0.0.1:$peer --initial-advertise-peer-urls http://127.0.0.1:$peer \
    --initial-cluster "$ETCD_CLUSTER" --initial-cluster-state "$2" --initial-cluster-token bench \
    >>"$WORK/etcd$i.log" 2>&1 &
  PIDS[etcd$i]=$!
  disown
}
ETCD_ENDPOINTS="127.0.0.1:22371,127.0.0.1:22372,127.0.0.1:22373"
etcd_leader() { # prints the member number of the leader
  ETCDCTL_API=3 etcdctl --endpoints=$ETCD_ENDPOINTS endpoint status -w simple 2>/dev/null \
    | awk -F', ' '$5 == "true" { split($1, a, ":"); print a[2] - 22370 }'
}
etcd_wait_ready() {
  for _ in $(seq 1 1500); do
    ETCDCTL_API=3 etcdctl --endpoints=127.0.0.1:22371 put bench/warm warm >/dev/null 2>&1 && \
      [ -n "$(etcd_leader)" ] && return 0
    sleep 0.2
  done
  echo "etcd cluster did not become ready"; exit 1
}
etcd_put() { curl -s -m 5 -X POST -d '{"key":"YmVuY2gvZmFpbG92ZXI=","value":"eA=="}' "http://127.0.0.1:$1/v3/kv/put" 2>/dev/null; }

# ---------- wrk runs
run_wrk() { # url script connections -> "rps p50 p99 errors"
  local url=$1 script=$2 conns=$3 threads=$(( $3 < 2 ? 1 : 2 ))
  cat "$script" report.lua >"$WORK/run.lua"
  wrk -t$threads -c$conns -d${DURATION}s --latency -s "$WORK/run.lua" "$url" 2>&1 \
    | awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); printf "%s ", kv[2] } print "" }'
}

# ---------- failover: kill -9 the leader, time until a write through a survivor succeeds
failover_cs() {
  local leader survivor start end
  leader=$(cs_leader 28701); [ -n "$leader" ] || leader=$(cs_leader 28702)
  survivor=$(( leader % 3 + 1 ))
  cs_put 2870$survivor before >/dev/null
  kill -9 "${PIDS[cs$leader]}"; unset "PIDS[cs$leader]"
  start=$(now_ms)
  until [ "$(cs_put 2870$survivor after)" = "true" ]; do sleep 0.01; done
  end=$(now_ms)
  FAILOVER_MS=$((end - start))
  cs_start "$leader"; cs_wait_ready
}
failover_etcd() {
  local leader survivor start end
  leader=$(etcd_leader)
  [ -n "$leader" ] || { sleep 1; leader=$(etcd_leader); }
  survivor=$(( leader % 3 + 1 ))
  kill -9 "${PIDS[etcd$leader]}"; unset "PIDS[etcd$leader]"
  start=$(now_ms)
  until etcd_put $((22370 + survivor)) | grep -q '"revision"'; do sleep 0.01; done
  end=$(now_ms)
  FAILOVER_MS=$((end - start))
  etcd_start "$leader" existing; etcd_wait_ready
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

echo "== starting 3-node etcd ($(etcd --version | head -1)) and 3-node consensus-service"
for i in 1 2 3; do etcd_start $i new; done
etcd_wait_ready
for i in 1 2 3; do cs_start $i; done
cs_wait_ready
curl -sf -X PUT --data-binary "$(head -c 256 /dev/zero | tr '\0' 'r')" http://127.0.0.1:28701/v1/kv/bench/read >/dev/null
curl -sf -X POST -d "{\"key\":\"YmVuY2gvcmVhZA==\",\"value\":\"$(head -c 256 /dev/zero | tr '\0' 'r' | base64 -w0)\"}" \
  http://127.0.0.1:22371/v3/kv/put >/dev/null

# Load goes to one node of each cluster (the leader for consensus, to keep the two comparable:
# etcd's gateway also forwards to its leader); reads are linearizable on both.
CS_URL="http://127.0.0.1:2870$(cs_leader 28701)"
ETCD_URL="http://127.0.0.1:$((22370 + $(etcd_leader)))"

# the sequential runs' request bodies: 256 bytes, as in put.lua and etcd-put.lua
printf 'v%.0s' $(seq 1 256) >"$WORK/value"
printf '{"key":"%s","value":"%s"}' "$(printf 'bench/seq' | base64 -w0)" "$(base64 -w0 <"$WORK/value")" >"$WORK/etcd-put.json"
sequential_puts() { # side seconds -> sets RPS, P50, P99, P999, ERRORS (ab_measure)
  if [ "$1" = cs ]; then
    ab_measure "$CS_URL/v1/kv/bench/seq" 1 "$2" -u "$WORK/value"
  else
    ab_measure "$ETCD_URL/v3/kv/put" 1 "$2" -p "$WORK/etcd-put.json" -T application/json
  fi
}
# Warm-up, the same rule for both sides: rounds of 15 s of puts at 64 connections, at least 8 (two minutes), then
# until two successive rounds agree within 5 % (at most WARMUP_ROUNDS), then 30 s of reads and 10 s of sequential
# puts. Three JVMs that compile
# their hot paths on 2 shared cores take minutes to get there: after 30 s of load a put took 10-16 ms at p50, after
# 2-3 minutes 2.5 ms (bench/consensus/README.md). A cold JVM measures its compiler, not Raft. With a minimum of 4
# rounds a noisy machine once stopped the warm-up at 2,928 puts/s (rounds 3 and 4 within 3 %), and the sequential
# puts that followed took 4.4 ms at p50 instead of 2.2-2.4.
warm_up() { # side url put-script get-script
  local previous=0 rate round
  for round in $(seq 1 "$WARMUP_ROUNDS"); do
    rate=$(DURATION=15 run_wrk "$2" "$3" 64 | awk '{ print $1 }')
    echo "   round $round: ${rate:-0} puts/s"
    if [ "$round" -ge 8 ] && awk -v a="${rate:-0}" -v b="$previous" 'BEGIN { exit !(b > 0 && a / b > 0.95 && a / b < 1.05) }'; then
      break
    fi
    previous=${rate:-0}
  done
  DURATION=30 run_wrk "$2" "$4" 64 >/dev/null
  # ab's requests differ from wrk's (HTTP/1.0 keep-alive, other headers): the JVMs' first ab requests hit code that
  # was compiled for wrk's alone and is compiled again (uncommon traps in Tomcat's request parsing, seen with
  # -Xlog:jit+compilation). The sequential measurement's requests are warmed like the others.
  sequential_puts "$1" 10
  echo "   then 30 s of reads and 10 s of sequential puts"
}

# CPU time (user + system, clock ticks) of one side's three processes: read around the sequential puts, it gives the
# CPU a lone client's put costs the whole cluster, which is what the sequential latency waits for on a shared machine.
cpu_ticks() { # side
  local i sum=0
  for i in 1 2 3; do sum=$((sum + $(awk '{ print $14 + $15 }' "/proc/${PIDS[$1$i]}/stat"))); done
  echo "$sum"
}
CLK_TCK=$(getconf CLK_TCK)

declare -A R
# Each side is measured right after its own warm-up: a JVM left idle for minutes (while the other side warmed up)
# compiled parts of its hot path again when load came back.
for side in cs etcd; do
  if [ $side = cs ]; then url=$CS_URL; put=put.lua; get=get.lua; else url=$ETCD_URL; put=etcd-put.lua; get=etcd-get.lua; fi
  echo "== warm-up, $side"; warm_up $side "$url" $put $get
  echo "== $side: sequential puts (1 connection, ab: each request's latency)"
  cpu_before=$(cpu_ticks $side)
  sequential_puts $side "$DURATION"
  cpu_ticks_used=$(( $(cpu_ticks $side) - cpu_before ))
  R[$side.seq]=$(awk -v r="$RPS" -v a="$P50" -v b="$P99" -v e="$ERRORS" 'BEGIN { printf "%s %d %d %s", r, a * 1000, b * 1000, e }')
  R[$side.cpu]=$(awk -v t="$cpu_ticks_used" -v hz="$CLK_TCK" -v r="$RPS" -v d="$DURATION" 'BEGIN { printf "%d", t / hz * 1e6 / (r * d) }')
  echo "   CPU of the three nodes per put: ${R[$side.cpu]} µs"
  echo "   ${R[$side.seq]}"
  echo "== $side: sequential puts (1 connection, wrk)"; R[$side.seqwrk]=$(run_wrk "$url" $put 1); echo "   ${R[$side.seqwrk]}"
  echo "== $side: puts, 16 connections";             R[$side.p16]=$(run_wrk "$url" $put 16); echo "   ${R[$side.p16]}"
  echo "== $side: puts, 64 connections";             R[$side.p64]=$(run_wrk "$url" $put 64); echo "   ${R[$side.p64]}"
  echo "== $side: linearizable reads, 64 connections"; R[$side.r64]=$(run_wrk "$url" $get 64); echo "   ${R[$side.r64]}"
done

echo "== failover: kill -9 the leader, time to the first successful write ($TRIALS trials each)"
cs_times=(); etcd_times=()
for t in $(seq 1 "$TRIALS"); do
  # Not in $(...): the restarts must update PIDS in this shell.
  failover_cs; cs_times+=("$FAILOVER_MS")
  failover_etcd; etcd_times+=("$FAILOVER_MS")
  echo "   trial $t: consensus ${cs_times[-1]} ms, etcd ${etcd_times[-1]} ms"
done
CS_FAIL=$(printf '%s\n' "${cs_times[@]}" | median)
ETCD_FAIL=$(printf '%s\n' "${etcd_times[@]}" | median)

field() { echo "${R[$1]}" | awk -v n="$2" '{ print $n }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf (b > 0 ? "%.2f" : "n/a"), a / b }'; }
row() { printf '| %-44s | %12s | %12s | %6s |\n' "$1" "$2" "$3" "$4"; }
echo
echo "| metric                                       |    consensus |         etcd | ratio  |"
echo "|----------------------------------------------|--------------|--------------|--------|"
row "sequential put latency p50 (µs)" "$(field cs.seq 2)" "$(field etcd.seq 2)" "$(ratio "$(field cs.seq 2)" "$(field etcd.seq 2)")"
row "sequential put latency p99 (µs)" "$(field cs.seq 3)" "$(field etcd.seq 3)" "$(ratio "$(field cs.seq 3)" "$(field etcd.seq 3)")"
row "CPU per sequential put, three nodes (µs)" "${R[cs.cpu]}" "${R[etcd.cpu]}" "$(ratio "${R[cs.cpu]}" "${R[etcd.cpu]}")"
row "sequential put p50, wrk-corrected (µs)" "$(field cs.seqwrk 2)" "$(field etcd.seqwrk 2)" "$(ratio "$(field cs.seqwrk 2)" "$(field etcd.seqwrk 2)")"
row "sequential put p99, wrk-corrected (µs)" "$(field cs.seqwrk 3)" "$(field etcd.seqwrk 3)" "$(ratio "$(field cs.seqwrk 3)" "$(field etcd.seqwrk 3)")"
row "puts/s, 16 connections" "$(field cs.p16 1)" "$(field etcd.p16 1)" "$(ratio "$(field cs.p16 1)" "$(field etcd.p16 1)")"
row "puts/s, 64 connections" "$(field cs.p64 1)" "$(field etcd.p64 1)" "$(ratio "$(field cs.p64 1)" "$(field etcd.p64 1)")"
row "linearizable reads/s, 64 connections" "$(field cs.r64 1)" "$(field etcd.r64 1)" "$(ratio "$(field cs.r64 1)" "$(field etcd.r64 1)")"
row "leader kill -> first write, median (ms)" "$CS_FAIL" "$ETCD_FAIL" "$(ratio "$CS_FAIL" "$ETCD_FAIL")"
echo
echo "errors (non-2xx/socket) per run, consensus: seq $(field cs.seq 4), p16 $(field cs.p16 4), p64 $(field cs.p64 4), r64 $(field cs.r64 4);" \
     "etcd: seq $(field etcd.seq 4), p16 $(field etcd.p16 4), p64 $(field etcd.p64 4), r64 $(field etcd.r64 4)"
echo "ratio = consensus / etcd: for throughput higher is better, for latency and failover lower is better."
