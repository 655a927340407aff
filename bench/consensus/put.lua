-- PUT a 256-byte value to a rotating key: consensus-service (Consul KV API).
local counter = 0
local value = string.rep("v", 256)
request = function()
  counter = counter + 1
  return wrk.format("PUT", "/v1/kv/bench/k" .. (counter % 1000), nil, value)
end
