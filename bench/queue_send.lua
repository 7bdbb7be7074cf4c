-- wrk script: POST /queue/send with 1 KiB payloads to 10 recipients bench-q-0..9; $BATCH > 1 sends
-- {"messages":[...]} of that many messages per request (the batch form of the same endpoint).
local counter = 0
local pad = string.rep("x", 1000)
local batch = tonumber(os.getenv("BATCH") or "1")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local function message()
  counter = counter + 1
  return '{"from":"bench","to":"bench-q-' .. (counter % 10) .. '","message_type":"bench","payload":{"pad":"' .. pad .. '"}}'
end
request = function()
  if batch <= 1 then
    return wrk.format(nil, "/queue/send", nil, message())
  end
  local parts = {}
  for i = 1, batch do parts[i] = message() end
  return wrk.format(nil, "/queue/send", nil, '{"messages":[' .. table.concat(parts, ",") .. ']}')
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d errors_status=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, summary.errors.status, latency:percentile(50), latency:percentile(99)))
end
