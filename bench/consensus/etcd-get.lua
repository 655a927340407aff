-- Linearizable range read (etcd's default serializable=false) of one key written before the run.
wrk.method = "POST"
wrk.path = "/v3/kv/range"
wrk.headers["Content-Type"] = "application/json"
-- base64("bench/read")
wrk.body = '{"key":"YmVuY2gvcmVhZA=="}'
