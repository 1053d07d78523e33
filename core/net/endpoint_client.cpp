#include "net/endpoint_client.h"

#include <curl/curl.h>

#include <mutex>

#include "util/clock.h"

namespace pieslicer {
namespace {

std::once_flag curlInitOnce;

// The answer as it arrives, up to a cap; past it the write callback refuses the bytes
// and libcurl ends the transfer with CURLE_WRITE_ERROR.
struct ResponseBody {
    std::string text;
    std::size_t cap = 0;
    bool overCap = false;
};

size_t appendCapped(char* data, size_t size, size_t n, void* out) {
    auto* body = static_cast<ResponseBody*>(out);
    if (body->text.size() + size * n > body->cap) {
        body->overCap = true;
        return 0;
    }
    body->text.append(data, size * n);
    return size * n;
}

// libcurl calls this about every 100 ms even while nothing moves: a non-zero answer
// abandons the transfer (CURLE_ABORTED_BY_CALLBACK).
int abandonWhenCancelled(void* flag, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* cancel = static_cast<const std::atomic<bool>*>(flag);
    return cancel && cancel->load() ? 1 : 0;
}

std::string byteCount(std::size_t bytes) {
    if (bytes >= (std::size_t(1) << 20) && bytes % (std::size_t(1) << 20) == 0)
        return std::to_string(bytes >> 20) + " MiB";
    if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
    return std::to_string(bytes) + " bytes";
}

double curlMs(CURL* h, CURLINFO info) {
    curl_off_t us = 0;
    curl_easy_getinfo(h, info, &us);
    return double(us) / 1000.0;
}

// Failures worth another attempt: the endpoint may come back.
bool worthRetrying(CURLcode rc) {
    switch (rc) {
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_COULDNT_CONNECT:
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
            return true;
        default:
            return false;
    }
}

// curl's timings and byte counts of the request just performed.
void readTransferInfo(CURL* h, UploadResult& t) {
    t.connectMs = curlMs(h, CURLINFO_CONNECT_TIME_T);
    t.pretransferMs = curlMs(h, CURLINFO_PRETRANSFER_TIME_T);
    t.startTransferMs = curlMs(h, CURLINFO_STARTTRANSFER_TIME_T);
    t.curlTotalMs = curlMs(h, CURLINFO_TOTAL_TIME_T);
    curl_off_t uploaded = 0;
    long requestSize = 0, connects = 0;
    curl_easy_getinfo(h, CURLINFO_SIZE_UPLOAD_T, &uploaded);
    curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &requestSize);
    curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
    t.bytesSent = std::size_t(uploaded) + std::size_t(requestSize);
    t.connectionReused = connects == 0;
}

// Host and port of a URL, with the scheme's default port filled in.
Expected<std::pair<std::string, int>> hostAndPort(const std::string& url) {
    CURLU* u = curl_url();
    char *host = nullptr, *port = nullptr;
    const bool ok = curl_url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
                    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
                    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK;
    std::pair<std::string, int> r;
    if (ok) r = {host, std::atoi(port)};
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(u);
    if (!ok) return fail("invalid endpoint URL: " + url);
    return r;
}

}  // namespace

Expected<std::unique_ptr<EndpointClient>> EndpointClient::create(const ClientConfig& config) {
    std::call_once(curlInitOnce, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    auto where = hostAndPort(config.endpointUrl);
    if (!where) return fail(where.error());
    std::unique_ptr<EndpointClient> c(new EndpointClient);
    c->config_ = config;
    while (!c->config_.endpointUrl.empty() && c->config_.endpointUrl.back() == '/')
        c->config_.endpointUrl.pop_back();
    if (config.emulateLink) {
        std::string host = where->first;
        if (host.size() > 1 && host.front() == '[') host = host.substr(1, host.size() - 2);
        c->link_ = std::make_unique<LinkEmulator>(host, where->second);
        auto port = c->link_->start();
        if (!port) return fail(port.error());
        c->connectTo_ = where->first + ":" + std::to_string(where->second) +
                        ":127.0.0.1:" + std::to_string(port.value());
    }
    c->curl_ = curl_easy_init();
    if (!c->curl_) return fail("libcurl initialisation failed");
    return c;
}

EndpointClient::~EndpointClient() {
    if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

void EndpointClient::setLink(const LinkShape& shape) {
    shape_ = shape;
    if (link_) link_->setShape(shape);
}

Expected<std::string> EndpointClient::perform(const std::string& path, void* mime, long& status,
                                              UploadResult& t) {
    CURL* h = static_cast<CURL*>(curl_);
    curl_easy_reset(h);  // keeps the connection cache: the connection is reused
    ResponseBody body;
    body.cap = config_.maxResponseBytes;
    char errbuf[CURL_ERROR_SIZE] = {0};
    const std::string url = config_.endpointUrl + path;
    curl_slist* connectTo = nullptr;
    curl_slist* headers = nullptr;
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, config_.connectTimeoutMs);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, config_.totalTimeoutMs);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, config_.lowSpeedLimitBytesPerSec);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, config_.lowSpeedTimeSec);
    curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, appendCapped);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(config_.maxResponseBytes));
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, abandonWhenCancelled);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, config_.cancel);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_PROXY, "");  // never route the measurement through a proxy
    // No "Expect: 100-continue": its wait would be counted as transfer time.
    headers = curl_slist_append(headers, "Expect:");
    if (!config_.bearerToken.empty())
        headers =
            curl_slist_append(headers, ("Authorization: Bearer " + config_.bearerToken).c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    if (!connectTo_.empty()) {
        connectTo = curl_slist_append(nullptr, connectTo_.c_str());
        curl_easy_setopt(h, CURLOPT_CONNECT_TO, connectTo);
    }
    if (mime) curl_easy_setopt(h, CURLOPT_MIMEPOST, static_cast<curl_mime*>(mime));

    t.startUnixMs = unixMs();
    const auto start = SteadyClock::now();
    const CURLcode rc = curl_easy_perform(h);
    t.wallMs = msSince(start);
    curl_slist_free_all(connectTo);
    curl_slist_free_all(headers);
    lastErrorRetryable_ = worthRetrying(rc);
    if (rc == CURLE_ABORTED_BY_CALLBACK || (rc != CURLE_OK && cancelled()))
        return fail("request to " + url + " cancelled");
    if (body.overCap || rc == CURLE_FILESIZE_EXCEEDED)
        return fail("request to " + url + " failed: the answer is longer than the " +
                    byteCount(config_.maxResponseBytes) +
                    " a client accepts (maxResponseBytes); the endpoint is not a PieSlicer "
                    "endpoint or is broken");
    if (rc != CURLE_OK)
        return fail(std::string("request to ") + url +
                    " failed: " + (errbuf[0] ? errbuf : curl_easy_strerror(rc)));
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    readTransferInfo(h, t);
    if (link_) {
        t.modelledLastByteMs = link_->modelledUploadMs(t.bytesSent, start, !t.connectionReused);
        const auto modelledEnd =
            start + std::chrono::microseconds(static_cast<long long>(t.modelledLastByteMs * 1000));
        t.linkBitsPerSecond = link_->uplinkBitsPerSecondOver(start, modelledEnd);
    }
    return std::move(body.text);
}

Expected<PingResult> EndpointClient::ping() {
    long status = 0;
    UploadResult t;
    auto body = perform("/ping", nullptr, status, t);
    if (!body) return fail(body.error());
    if (status != 200) return fail("ping answered HTTP " + std::to_string(status));
    char* end = nullptr;
    const double serverMs = std::strtod(body->c_str(), &end);
    if (end == body->c_str()) return fail("ping answer is not a clock reading");
    PingResult r;
    r.rttMs = t.wallMs;
    r.clockOffsetMs = serverMs - (t.startUnixMs + t.wallMs / 2);
    return r;
}

Expected<UploadResult> EndpointClient::upload(const UploadForm& form) {
    if (!form.bytes) return fail("upload without image bytes");
    CURL* h = static_cast<CURL*>(curl_);
    curl_mime* mime = curl_mime_init(h);
    auto addField = [&](const char* name, const std::string& value) {
        curl_mimepart* part = curl_mime_addpart(mime);
        curl_mime_name(part, name);
        curl_mime_data(part, value.c_str(), CURL_ZERO_TERMINATED);
    };
    auto num = [](double v) { return std::to_string(v); };
    addField("t_sla", num(form.tSlaMs));
    addField("t_device_prep", num(form.tDevicePrepMs));
    addField("estimated_transfer_time", num(form.estimatedTransferMs));
    addField("target", std::to_string(form.target));
    curl_mimepart* file = curl_mime_addpart(mime);
    curl_mime_name(file, "file");
    curl_mime_filename(file, form.filename.c_str());
    curl_mime_type(file, "application/octet-stream");
    curl_mime_data(file, reinterpret_cast<const char*>(form.bytes->data()), form.bytes->size());

    UploadResult r;
    long status = 0;
    Expected<std::string> body = fail("not sent");
    const int attempts = std::max(1, config_.maxAttempts);
    for (r.attempts = 1;; ++r.attempts) {
        status = 0;
        if (link_) link_->beginUpload();  // a photo's upload: TCP starts from its initial window
        body = perform(form.route, mime, status, r);
        const bool retryable =
            !body ? lastErrorRetryable_ : (status == 408 || status == 429 || status >= 500);
        if (!retryable || r.attempts >= attempts || cancelled()) break;
        sleepMs(config_.retryBaseDelayMs * double(1 << (r.attempts - 1)));
    }
    curl_mime_free(mime);
    if (!body) {
        const std::string tries =
            r.attempts > 1 ? " (after " + std::to_string(r.attempts) + " attempts)" : "";
        return fail(body.error() + tries);
    }
    r.httpStatus = int(status);
    r.body = nlohmann::json::parse(body.value(), nullptr, false);
    if (r.body.is_discarded())
        r.body = nlohmann::json{
            {"error", "endpoint answered HTTP " + std::to_string(status) + " without JSON"}};
    return r;
}

}  // namespace pieslicer
