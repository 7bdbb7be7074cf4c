-- wrk script, the etcd side of the registration storm (bench/run_all.py): one PUT of a new key per request through
-- etcd's JSON gateway (/v3/kv/put), $COUNT in all over the threads ($THREADS must match -t), as register.lua does.
local count = tonumber(os.getenv("COUNT") or "10000")
local threads = {}
local sent, answered = 0, 0

local b64chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
local function b64(data)
  return ((data:gsub('.', function(x)
    local r, b = '', x:byte()
    for i = 8, 1, -1 do r = r .. (b % 2 ^ i - b % 2 ^ (i - 1) > 0 and '1' or '0') end
    return r
  end) .. '0000'):gsub('%d%d%d?%d?%d?%d?', function(x)
    if (#x < 6) then return '' end
    local c = 0
    for i = 1, 6 do c = c + (x:sub(i, i) == '1' and 2 ^ (6 - i) or 0) end
    return b64chars:sub(c + 1, c + 1)
  end) .. ({'', '==', '='})[#data % 3 + 1])
end

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  per_thread = math.floor(count / tonumber(os.getenv("THREADS") or "2"))
end

request = function()
  sent = sent + 1
  local key = string.format("/services/storm-%d/%d-%d", sent % 50, tid, sent)
  local value = string.format('{"component":"storm-%d","version":"1","host":"10.0.0.%d","port":%d}', sent % 50, tid, sent)
  return wrk.format("POST", "/v3/kv/put", {["Content-Type"] = "application/json"},
    '{"key":"' .. b64(key) .. '","value":"' .. b64(value) .. '"}')
end

response = function(status, headers, body)
  answered = answered + 1
  if answered == per_thread then
    -- wrk's -d runs on after its threads stop: tell bench/run_all.py, which times the storm and ends wrk (SIGINT).
    local done = os.getenv("DONE_FILE")
    if done then io.open(done .. tid, "w"):close() end
    wrk.thread:stop()
  end
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d errors_status=%d errors_connect=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect,
    latency:percentile(50), latency:percentile(99)))
end
