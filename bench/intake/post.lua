-- wrk script: POST a valid satisfaction survey as JSON, each with its own submission_id and
-- its own content (the service treats the same content within 10 minutes as a re-post).
local counter = 0
thread_id = 0  -- set per thread by setup(); a global so that thread:set can reach it

function setup(thread)
  thread:set("thread_id", math.random(1, 0xffffff))
end

function init(args)
  counter = 0
end

request = function()
  counter = counter + 1
  local id = string.format("%08x-0000-4000-8000-%012x", thread_id, counter)
  local body = string.format(
    '{"submission_id":"%s","service":"招聘活动","rating":5,"comment":"bench %d-%d"}',
    id, thread_id, counter)
  return wrk.format("POST", "/intake/satisfaction",
    { ["Content-Type"] = "application/json", ["Accept"] = "application/json" }, body)
end

done = function(summary, latency, requests)
  io.write(string.format("wrk: %d requests in %.1f s: %.0f req/s\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors: connect %d, read %d, write %d, status %d, timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
