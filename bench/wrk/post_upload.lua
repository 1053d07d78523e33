-- wrk script: POST /pieslicer with the prototype's multipart form (file, t_sla,
-- t_device_prep, estimated_transfer_time). The image path comes after "--":
--   wrk -t1 -c16 -d8s -s bench/wrk/post_upload.lua http://127.0.0.1:P -- image.jpg
-- done() prints one line: "RESULT requests non2xx socket_errors seconds p50_ms p99_ms".
local boundary = "pieslicer-wrk-boundary-7d1a"

local function field(name, value)
    return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name ..
        "\"\r\n\r\n" .. value .. "\r\n"
end

function init(args)
    local f = assert(io.open(args[1], "rb"))
    local image = f:read("*all")
    f:close()
    wrk.method = "POST"
    wrk.path = "/pieslicer"
    wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
    wrk.body = field("t_sla", "1000") .. field("t_device_prep", "0") ..
        field("estimated_transfer_time", "0") ..
        "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"file\"; " ..
        "filename=\"image.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n" .. image ..
        "\r\n--" .. boundary .. "--\r\n"
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("RESULT %d %d %d %.3f %.3f %.3f\n", summary.requests, e.status,
        e.connect + e.read + e.write + e.timeout, summary.duration / 1e6,
        latency:percentile(50) / 1e3, latency:percentile(99) / 1e3))
end
