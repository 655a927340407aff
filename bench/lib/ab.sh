# Sourced by the benchmarks: per-request latency percentiles from ab (Debian's apache2-utils).
#
# wrk corrects its latency histogram for coordinated omission: for every sample longer than twice the mean interval
# between one connection's requests it adds synthetic samples for the requests the connection "would have sent"
# meanwhile (stats_correct in wrk 4.1's wrk.c). That models an open-loop client at a constant rate. A closed loop of
# connections, as these benchmarks run, is measured by each request's own latency, which ab reports.
#
# ab_measure url connections seconds [ab options, e.g. -u file / -p file -T type] -> sets RPS, P50 and P99 (ms, µs
# resolution), P999 (whole ms: ab's per-request data has whole milliseconds) and ERRORS (failed or non-2xx).
ab_measure() {
  local url=$1 connections=$2 seconds=$3 dir
  shift 3
  dir=$(mktemp -d /tmp/ab.XXXXXX)
  ab -k -l -q -S -c "$connections" -t "$seconds" -n 2000000 -e "$dir/pct.csv" -g "$dir/each.tsv" "$@" "$url" \
    >"$dir/out.txt" 2>&1 || { cat "$dir/out.txt" >&2; rm -rf "$dir"; return 1; }
  RPS=$(awk '/^Requests per second/ { printf "%.1f", $4 }' "$dir/out.txt")
  P50=$(awk -F, '$1 == 50 { print $2 }' "$dir/pct.csv")
  P99=$(awk -F, '$1 == 99 { print $2 }' "$dir/pct.csv")
  P999=$(tail -n +2 "$dir/each.tsv" | cut -f5 | sort -n | awk '{ v[NR] = $1 } END { i = int(NR * 0.999); if (i < 1) i = 1; print v[i] }')
  ERRORS=$(awk '/^Failed requests/ { f = $3 } /^Non-2xx responses/ { n = $3 } END { print f + n }' "$dir/out.txt")
  rm -rf "$dir"
}
