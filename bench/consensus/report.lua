-- Prints one machine-readable line after a run: requests/s, p50 and p99 latency in microseconds, errors.
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT rps=%.1f p50=%d p99=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99), errors))
end
