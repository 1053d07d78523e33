// Load test of pieslicer-server (issue 5), a bounded load generator rather than a test:
// N uploads of an on-device-preprocessed JPEG from C concurrent emulated phones (each with
// its own emulated uplink, so latency has the network's shape), against the endpoint
// running as its own process. Reports transport errors, 5xx, latency percentiles against
// the single-client p50, and the server's resident memory from the 1,000th request on.
// Then a run beyond capacity (tiny queue) must answer 503, not time out.
//
// Run: build/bench/bench_load [--requests 10000] [--clients 16,64] [--uplink 8mbit] [--rtt 40ms]
// [--link off]
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "image/image_files.h"
#include "image/preprocess.h"
#include "net/endpoint_client.h"
#include "util/clock.h"
#include "util/stats.h"
#include "util/units.h"

using namespace pieslicer;

namespace {

struct ServerProcess {
    pid_t pid = -1;
    std::string url;
};

// Starts build/app/pieslicer-server on an ephemeral port and reads its URL from the banner.
ServerProcess startServer(const std::string& binary, const std::vector<std::string>& extra) {
    int out[2];
    if (pipe(out) != 0) return {};
    ServerProcess s;
    s.pid = fork();
    if (s.pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        std::vector<std::string> args = {binary, "--port", "0"};
        args.insert(args.end(), extra.begin(), extra.end());
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
    close(out[1]);
    std::string banner;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') banner += c;
    close(out[0]);
    std::istringstream words(banner);
    std::string w;
    while (words >> w)
        if (w.rfind("http://", 0) == 0) s.url = w;
    return s;
}

void stopServer(ServerProcess& s) {
    if (s.pid <= 0) return;
    kill(s.pid, SIGTERM);
    waitpid(s.pid, nullptr, 0);
    s.pid = -1;
}

double rssMb(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
    return 0;
}

struct LoadResult {
    std::size_t ok = 0, transportErrors = 0, status5xx = 0, status503 = 0, other = 0;
    std::vector<double> latencies;
    std::string firstTransportError;
    double seconds = 0, rssAt1000 = 0, rssAtEnd = 0;
};

LoadResult runLoad(const ServerProcess& server, const std::vector<uint8_t>& jpeg,
                   std::size_t requests, int clients, const LinkShape& link, bool emulate) {
    LoadResult result;
    std::atomic<std::size_t> next{0}, finished{0};
    std::mutex mutex;
    const auto start = SteadyClock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c)
        threads.emplace_back([&] {
            ClientConfig cc;
            cc.endpointUrl = server.url;
            cc.emulateLink = emulate;
            cc.maxAttempts = 1;  // count what the server does, not what retries hide
            cc.lowSpeedTimeSec = 30;
            auto client = EndpointClient::create(cc);
            if (!client) return;
            client.value()->setLink(link);
            UploadForm form;
            form.bytes = &jpeg;
            while (next++ < requests) {
                const auto r = client.value()->upload(form);
                const std::size_t n = ++finished;
                if (n == 1000) result.rssAt1000 = rssMb(server.pid);
                std::lock_guard<std::mutex> lock(mutex);
                if (!r) {
                    if (result.transportErrors++ == 0) result.firstTransportError = r.error();
                } else if (r->httpStatus == 200)
                    ++result.ok, result.latencies.push_back(r->wallMs);
                else if (r->httpStatus == 503)
                    ++result.status503, ++result.status5xx;
                else if (r->httpStatus >= 500)
                    ++result.status5xx;
                else
                    ++result.other;
            }
        });
    for (auto& t : threads) t.join();
    result.seconds = msSince(start) / 1000;
    result.rssAtEnd = rssMb(server.pid);
    return result;
}

void report(const char* label, const LoadResult& r, double singleP50) {
    const auto s = summarize(r.latencies);
    std::printf(
        "%-28s ok %6zu  transport errors %4zu  5xx %4zu (503: %zu)  other %zu  | %6.0f req/s | "
        "p50 %7.1f  p99 %7.1f ms (p99 = %.2fx single p50) | RSS %.1f -> %.1f MB (%+.1f%%)\n",
        label, r.ok, r.transportErrors, r.status5xx, r.status503, r.other,
        double(r.ok + r.status5xx + r.other) / r.seconds, s.p50, s.p99, s.p99 / singleP50,
        r.rssAt1000, r.rssAtEnd,
        r.rssAt1000 > 0 ? 100.0 * (r.rssAtEnd - r.rssAt1000) / r.rssAt1000 : 0.0);
    if (!r.firstTransportError.empty())
        std::printf("  first transport error: %s\n", r.firstTransportError.c_str());
    std::fflush(stdout);
}

std::string argValue(int argc, char** argv, const std::string& name, const std::string& fallback) {
    for (int i = 1; i + 1 < argc; ++i)
        if (argv[i] == "--" + name) return argv[i + 1];
    return fallback;
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t requests = std::stoul(argValue(argc, argv, "requests", "10000"));
    const std::string clientList = argValue(argc, argv, "clients", "16,64");
    const LinkShape link{parseBitRate(argValue(argc, argv, "uplink", "8mbit")).value_or(8e6), 0,
                         parseDurationMs(argValue(argc, argv, "rtt", "40ms")).value_or(40)};
    std::string self = argv[0];
    const std::string binary = argValue(
        argc, argv, "server", self.substr(0, self.rfind('/')) + "/../app/pieslicer-server");
    // The typical upload of the on-device order: a photo preprocessed to 331x331, q90.
    auto photo = readFileBytes(std::string(PIESLICER_SAMPLE_IMAGES) + "/retina_1411x1411_q85.jpg");
    if (!photo) return std::fprintf(stderr, "bench_load: %s\n", photo.error().c_str()), 1;
    auto prep = preprocessOnDevice(photo->data(), photo->size(), PreprocessOptions{});
    if (!prep) return std::fprintf(stderr, "bench_load: %s\n", prep.error().c_str()), 1;
    std::printf("upload: %zu-byte JPEG, link %s, RTT %.0f ms, %zu requests per run, server %s\n",
                prep->jpeg.size(), formatBitRate(link.uplinkBitsPerSecond).c_str(), link.rttMs,
                requests, binary.c_str());

    auto server =
        startServer(binary, {"--threads", std::to_string(std::thread::hardware_concurrency())});
    if (server.url.empty())
        return std::fprintf(stderr, "bench_load: cannot start %s\n", binary.c_str()), 1;
    // --link off: clients talk to the endpoint directly, to see its own capacity.
    const bool emulate = argValue(argc, argv, "link", "on") != "off";
    const auto single = runLoad(server, prep->jpeg, 200, 1, link, emulate);
    const double singleP50 = summarize(single.latencies).p50;
    report("1 client (200 requests)", single, singleP50);
    std::stringstream list(clientList);
    for (std::string item; std::getline(list, item, ',');) {
        const int clients = std::stoi(item);
        const auto r = runLoad(server, prep->jpeg, requests, clients, link, emulate);
        report((std::to_string(clients) + " clients").c_str(), r, singleP50);
    }
    stopServer(server);

    // Beyond capacity: one worker, a queue of 2, 64 clients with no link in the way.
    auto tiny = startServer(binary, {"--threads", "1", "--queue", "2"});
    const auto over = runLoad(tiny, prep->jpeg, 2000, 64, link, false);
    report("64 clients, queue 2 (over)", over, singleP50);
    stopServer(tiny);
    std::printf("beyond capacity: %s\n", over.transportErrors == 0 && over.status503 > 0
                                             ? "503 answers, no time-outs"
                                             : "UNEXPECTED: time-outs or no 503");
    return 0;
}
