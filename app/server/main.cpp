// pieslicer-server: the cloud endpoint as a standalone process.
#include <sys/resource.h>

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <opencv2/core/utility.hpp>
#include <optional>
#include <string>

#include "server/bearer_token.h"
#include "server/endpoint_server.h"
#include "server/model_zoo.h"
#include "server/zoo_warmer.h"

namespace {

const char* kUsage =
    "usage: pieslicer-server [options]\n"
    "  --host ADDR              address to bind                            [127.0.0.1]\n"
    "  --port N                 port, 0 for an ephemeral one               [8080]\n"
    "  --threads N              workers decoding and inferring             [4]\n"
    "  --io-threads N           event-loop threads (all socket I/O)        [1]\n"
    "  --target N               default model input side                   [331]\n"
    "  --models LIST            the model zoo: all, none, or names of mobilenet_v2,\n"
    "                           nasnet_mobile,resnet50,nasnet_large (real architectures,\n"
    "                           SEEDED RANDOM WEIGHTS: time real, labels not)  [all]\n"
    "  --model FILE             run this ONNX model (or Darknet .cfg) instead of the zoo\n"
    "  --labels FILE            one class label per line for --model\n"
    "  --max-body-mb N          largest accepted request body              [20]\n"
    "  --max-megapixels N       largest accepted image                     [40]\n"
    "  --max-side N             longest accepted image side                [16383]\n"
    "  --max-jpeg-scans N       scans of a progressive JPEG, then 422      [100]\n"
    "  --cpu-budget-ms N        CPU time per upload, then abandoned (422)  [10000]\n"
    "  --decode-memory-mb N     decode memory admitted at once             [1024]\n"
    "  --queue N                uploads waiting for a worker, then 503     [128]\n"
    "  --max-connections N      open connections; at the cap the oldest\n"
    "                           idle or drip-fed one is closed             [1024]\n"
    "  --max-per-client N       open connections from one address          [256]\n"
    "  --head-timeout-ms N      a request head must arrive within this     [10000]\n"
    "  --min-body-rate-kb N     a body must average at least N KB/s        [16]\n"
    "  --token-file FILE        require 'Authorization: Bearer TOKEN', TOKEN read from\n"
    "                           FILE (or set PIESLICER_TOKEN in the environment)\n"
    "  --token TOKEN            as --token-file, but visible to local users in\n"
    "                           /proc/PID/cmdline: prefer the file or the environment\n"
    "Binds loopback only unless --host names another address; then use a token.\n";

// A number option within [lo, hi], or a message naming the option.
bool parseNumber(const std::string& option, const std::string& text, double lo, double hi,
                 double& out) {
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(v) ||
        v < lo || v > hi) {
        std::fprintf(stderr, "pieslicer-server: %s must be a number from %g to %g, not '%s'\n",
                     option.c_str(), lo, hi, text.c_str());
        return false;
    }
    out = v;
    return true;
}

struct NumberOption {
    double lo, hi;
    std::function<void(pieslicer::EndpointConfig&, double)> set;
};

const std::map<std::string, NumberOption>& numberOptions() {
    using C = pieslicer::EndpointConfig;
    static const std::map<std::string, NumberOption> options = {
        {"--port", {0, 65535, [](C& c, double v) { c.port = int(v); }}},
        {"--threads", {1, 256, [](C& c, double v) { c.threads = int(v); }}},
        {"--io-threads", {1, 64, [](C& c, double v) { c.ioThreads = int(v); }}},
        {"--target", {32, 4096, [](C& c, double v) { c.upload.target = int(v); }}},
        {"--max-body-mb",
         {0.01, 4096, [](C& c, double v) { c.maxBodyBytes = std::size_t(v * (1 << 20)); }}},
        {"--max-megapixels",
         {0.001, 1000, [](C& c, double v) { c.upload.limits.maxMegapixels = v; }}},
        {"--max-side", {1, 65535, [](C& c, double v) { c.upload.limits.maxSide = int(v); }}},
        {"--max-jpeg-scans",
         {1, 10000, [](C& c, double v) { c.upload.limits.maxJpegScans = int(v); }}},
        {"--cpu-budget-ms", {1, 3.6e6, [](C& c, double v) { c.upload.cpuBudgetMs = v; }}},
        {"--decode-memory-mb",
         {1, 1 << 20, [](C& c, double v) { c.decodeMemoryBytes = std::size_t(v * (1 << 20)); }}},
        {"--queue", {0, 100000, [](C& c, double v) { c.queueLimit = int(v); }}},
        {"--max-connections", {1, 1e6, [](C& c, double v) { c.maxConnections = std::size_t(v); }}},
        {"--max-per-client",
         {1, 1e6, [](C& c, double v) { c.maxConnectionsPerClient = std::size_t(v); }}},
        {"--head-timeout-ms", {100, 600000, [](C& c, double v) { c.headTimeoutMs = int(v); }}},
        {"--min-body-rate-kb",
         {0.001, 1e7, [](C& c, double v) { c.minBodyBytesPerSec = v * 1024; }}},
    };
    return options;
}

// Lets the event loop hold as many sockets as the connection cap asks for (the soft
// limit is often 1024), and lowers the cap when the hard limit is lower.
void fitDescriptorLimit(pieslicer::EndpointConfig& config) {
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return;
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
    getrlimit(RLIMIT_NOFILE, &lim);
    const std::size_t usable = lim.rlim_cur > 128 ? std::size_t(lim.rlim_cur) - 128 : 16;
    if (config.maxConnections > usable) {
        std::fprintf(stderr,
                     "pieslicer-server: --max-connections lowered to %zu (descriptor limit)\n",
                     usable);
        config.maxConnections = usable;
    }
}

}  // namespace

int main(int argc, char** argv) {
    pieslicer::EndpointConfig config;
    config.port = 8080;
    std::string model, labels, tokenFile, models = "all";
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--help" || a == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "pieslicer-server: %s needs a value\n%s", a.c_str(), kUsage);
            return 2;
        }
        const std::string v = argv[++i];
        if (auto number = numberOptions().find(a); number != numberOptions().end()) {
            double value = 0;
            if (!parseNumber(a, v, number->second.lo, number->second.hi, value)) return 2;
            number->second.set(config, value);
        } else if (a == "--host")
            config.host = v;
        else if (a == "--model")
            model = v;
        else if (a == "--labels")
            labels = v;
        else if (a == "--models")
            models = v;
        else if (a == "--token")
            config.bearerToken = v;
        else if (a == "--token-file")
            tokenFile = v;
        else {
            std::fprintf(stderr, "pieslicer-server: unknown option %s\n%s", a.c_str(), kUsage);
            return 2;
        }
    }
    if (!tokenFile.empty()) {
        auto token = pieslicer::readTokenFile(tokenFile);
        if (!token) {
            std::fprintf(stderr, "pieslicer-server: %s\n", token.error().c_str());
            return 2;
        }
        config.bearerToken = token.value();
    }
    if (config.bearerToken.empty())
        if (const char* env = std::getenv("PIESLICER_TOKEN")) config.bearerToken = env;
    const bool loopback =
        config.host == "127.0.0.1" || config.host == "::1" || config.host == "localhost";
    if (!loopback && config.bearerToken.empty())
        std::fprintf(stderr, "pieslicer-server: warning: listening on %s without a token\n",
                     config.host.c_str());
    fitDescriptorLimit(config);
    if (auto valid = pieslicer::validateEndpointConfig(config); !valid) {
        std::fprintf(stderr, "pieslicer-server: %s\n", valid.error().c_str());
        return 2;
    }
    // Concurrent requests already fill the cores; OpenCV's own worker threads on top of
    // them would only oversubscribe the CPU (and the zoo's times are measured like that).
    cv::setNumThreads(1);
    auto zoo =
        model.empty() ? pieslicer::zooFromSpec(models) : pieslicer::ModelZoo::single(model, labels);
    if (zoo)
        config.upload.models = zoo.value();
    else if (model.empty() && models == "all")  // a build without python3-onnx
        std::fprintf(stderr, "pieslicer-server: warning: no inference: %s\n", zoo.error().c_str());
    else {
        std::fprintf(stderr, "pieslicer-server: %s\n", zoo.error().c_str());
        return 1;
    }

    // Block the signals before any thread starts so only sigwait below receives them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    pieslicer::EndpointServer server(config);
    auto port = server.start();
    if (!port) {
        std::fprintf(stderr, "pieslicer-server: %s\n", port.error().c_str());
        return 1;
    }
    const auto& zooNow = config.upload.models;
    std::printf("pieslicer-server listening on %s (/pieslicer runs %s)\n", server.url().c_str(),
                zooNow ? zooNow->model(zooNow->fixedIndex()).name.c_str() : "no model");
    std::fflush(stdout);
    std::optional<pieslicer::ZooWarmer> warmer;  // the zoo's times, measured while serving
    if (zooNow) {
        if (model.empty())
            std::printf(
                "the zoo's weights are SEEDED RANDOM: inference time is real, labels are "
                "not\n");
        warmer.emplace(zooNow, config.upload.target, [](const std::string& line) {
            std::printf("%s\n", line.c_str());
            std::fflush(stdout);
        });
    }
    int received = 0;
    sigwait(&signals, &received);
    std::fprintf(stderr, "pieslicer-server: signal %d, finishing requests in flight\n", received);
    server.stop();
    warmer.reset();  // after the model being measured
    return 0;
}
