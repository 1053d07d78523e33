// pieslicer-server: the cloud endpoint as a standalone process.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <opencv2/core/utility.hpp>
#include <string>

#include "server/endpoint_server.h"
#include "server/inference_pool.h"

namespace {

const char* kUsage =
    "usage: pieslicer-server [options]\n"
    "  --host ADDR           address to bind                         [127.0.0.1]\n"
    "  --port N              port, 0 for an ephemeral one            [8080]\n"
    "  --threads N           worker threads                          [4]\n"
    "  --target N            default model input side                [331]\n"
    "  --model FILE          ONNX model (or Darknet .cfg) for a real forward pass\n"
    "  --labels FILE         one class label per line for --model\n"
    "  --max-body-mb N       largest accepted request body           [20]\n"
    "  --max-megapixels N    largest accepted image                  [40]\n"
    "  --max-side N          longest accepted image side             [16383]\n"
    "  --queue N             requests waiting for a worker, then 503 [128]\n"
    "  --max-connections N   open connections, then 503              [256]\n"
    "  --token TOKEN         require 'Authorization: Bearer TOKEN' (or set PIESLICER_TOKEN)\n"
    "Binds loopback only unless --host names another address; then use --token.\n";

}  // namespace

int main(int argc, char** argv) {
    pieslicer::EndpointConfig config;
    config.port = 8080;
    std::string model, labels;
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
        if (a == "--host")
            config.host = v;
        else if (a == "--port")
            config.port = std::atoi(v.c_str());
        else if (a == "--threads")
            config.threads = std::atoi(v.c_str());
        else if (a == "--target")
            config.upload.target = std::atoi(v.c_str());
        else if (a == "--model")
            model = v;
        else if (a == "--labels")
            labels = v;
        else if (a == "--max-body-mb")
            config.maxBodyBytes = std::size_t(std::atof(v.c_str()) * (1 << 20));
        else if (a == "--max-megapixels")
            config.upload.limits.maxMegapixels = std::atof(v.c_str());
        else if (a == "--max-side")
            config.upload.limits.maxSide = std::atoi(v.c_str());
        else if (a == "--queue")
            config.queueLimit = std::atoi(v.c_str());
        else if (a == "--max-connections")
            config.maxConnections = std::size_t(std::max(1, std::atoi(v.c_str())));
        else if (a == "--token")
            config.bearerToken = v;
        else {
            std::fprintf(stderr, "pieslicer-server: unknown option %s\n%s", a.c_str(), kUsage);
            return 2;
        }
    }
    if (config.bearerToken.empty())
        if (const char* env = std::getenv("PIESLICER_TOKEN")) config.bearerToken = env;
    const bool loopback =
        config.host == "127.0.0.1" || config.host == "::1" || config.host == "localhost";
    if (!loopback && config.bearerToken.empty())
        std::fprintf(stderr, "pieslicer-server: warning: listening on %s without --token\n",
                     config.host.c_str());
    if (config.threads < 1 || config.port < 0 || config.port > 65535 || config.maxBodyBytes == 0) {
        std::fprintf(stderr, "pieslicer-server: invalid --threads, --port or --max-body-mb\n");
        return 2;
    }
    if (!model.empty()) {
        auto pool = pieslicer::InferencePool::load(model, labels);
        if (!pool) {
            std::fprintf(stderr, "pieslicer-server: %s\n", pool.error().c_str());
            return 1;
        }
        config.upload.inference = pool.value();
    }

    // Concurrent requests already fill the cores; OpenCV's own worker threads on top of
    // them would only oversubscribe the CPU.
    cv::setNumThreads(1);

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
    std::printf("pieslicer-server listening on %s (model: %s)\n", server.url().c_str(),
                model.empty() ? "none" : model.c_str());
    std::fflush(stdout);
    int received = 0;
    sigwait(&signals, &received);
    std::fprintf(stderr, "pieslicer-server: signal %d, finishing requests in flight\n", received);
    server.stop();
    return 0;
}
