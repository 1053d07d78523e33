#pragma once
// The device side of the wire: uploads an image to the endpoint with the prototype's
// multipart form over libcurl, through the emulated link, and reports every timing
// libcurl and the endpoint give. One client per thread; it reuses its connection.
#include <atomic>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/endpoint_routes.h"
#include "net/link_emulator.h"
#include "util/expected.h"

namespace pieslicer {

struct ClientConfig {
    std::string endpointUrl;  // e.g. http://127.0.0.1:8080
    long connectTimeoutMs = 5000;
    long lowSpeedLimitBytesPerSec = 100;  // abort a transfer slower than this ...
    long lowSpeedTimeSec = 20;            // ... for this long (a stalled server)
    long totalTimeoutMs = 300000;
    bool emulateLink = true;  // route through a LinkEmulator
    std::string bearerToken;  // sent as Authorization when set
    // Timeouts, dropped connections and 408/429/5xx are retried with exponential backoff;
    // other 4xx are the request's fault and never retried.
    int maxAttempts = 3;
    int retryBaseDelayMs = 250;
    // The endpoint's answer is a small JSON object: a longer one (a hostile or broken
    // endpoint streaming without end) fails the request instead of growing the client.
    std::size_t maxResponseBytes = std::size_t(1) << 20;
    // Set (e.g. by a signal handler) to abandon the transfer in flight within ~0.1 s; the
    // request then fails with an error saying it was cancelled and is not retried.
    const std::atomic<bool>* cancel = nullptr;
};

struct UploadForm {
    const std::vector<uint8_t>* bytes = nullptr;
    std::string filename = "image.jpg";
    double tSlaMs = 1000;
    double tDevicePrepMs = 0;
    double estimatedTransferMs = 0;
    int target = 331;
    // "/pieslicer" (the endpoint's fixed model) or "/modipick" (a model for the time budget).
    std::string route = kPieSlicerRoute;
};

struct UploadResult {
    int httpStatus = 0;
    nlohmann::json body;     // the endpoint's JSON (an {"error":...} object on 4xx/5xx)
    double startUnixMs = 0;  // just before the request went out
    double wallMs = 0;       // whole request as the client saw it
    double connectMs = 0;    // libcurl phase times, from the start of the request
    double pretransferMs = 0;
    double startTransferMs = 0;
    double curlTotalMs = 0;
    std::size_t bytesSent = 0;  // request line, headers and body
    bool connectionReused = false;
    int attempts = 1;  // the timings are those of the last attempt
    // Through an emulated link: when the link model says the last byte should reach the
    // endpoint (ms after the start), and the uplink's true rate meanwhile (bit/s).
    double modelledLastByteMs = 0;
    double linkBitsPerSecond = 0;
};

struct PingResult {
    double rttMs = 0;
    double clockOffsetMs = 0;  // server clock minus client clock, at the midpoint
};

class EndpointClient {
  public:
    static Expected<std::unique_ptr<EndpointClient>> create(const ClientConfig& config);
    ~EndpointClient();

    void setLink(const LinkShape& shape);
    LinkShape link() const { return shape_; }

    Expected<PingResult> ping();
    // Transport failures are errors; any HTTP answer (even 4xx/5xx) is a result.
    Expected<UploadResult> upload(const UploadForm& form);

  private:
    EndpointClient() = default;
    Expected<std::string> perform(const std::string& path, void* mime, long& status,
                                  UploadResult& timing);

    ClientConfig config_;
    LinkShape shape_;
    std::unique_ptr<LinkEmulator> link_;
    std::string connectTo_;  // "host:port:127.0.0.1:relayport" for CURLOPT_CONNECT_TO
    void* curl_ = nullptr;
    bool lastErrorRetryable_ = false;
    bool cancelled() const { return config_.cancel && config_.cancel->load(); }
};

}  // namespace pieslicer
