-- Linearizable GET (the default read mode) of a key written before the run.
request = function()
  return wrk.format("GET", "/v1/kv/bench/read", nil, nil)
end
