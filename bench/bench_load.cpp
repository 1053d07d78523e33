// Load test of pieslicer-server (issues 5 and 13), a bounded load generator rather than a test.
// Default: N uploads of an on-device-preprocessed JPEG from C concurrent emulated phones
// (each with its own emulated uplink, so latency has the network's shape), against the
// endpoint running as its own process. Reports transport errors, 5xx, latency percentiles
// against the single-client p50, and the server's resident memory from the 1,000th request
// on. Then a run beyond capacity (tiny queue) must answer 503, not time out.
//
// Run: build/bench/bench_load [--requests 10000] [--clients 16,64] [--uplink 8mbit] [--rtt 40ms]
//      [--link off] [--upload device|cloud]
//  --url URL           the same sweep against an endpoint already running (no RSS, no
//                      run beyond capacity)
//  --replicas 1,2,3    scale-out: for each N, scripts/replicas.sh N (nginx, least_conn) with
//                      --replica-threads T (1) workers per replica; C clients (16) with the
//                      link off upload the 2560x1600 cloud-order JPEG, in --rounds R (3);
//                      requests/s by N and the cores each party used
//  --kill-one          with --replicas N (the last N given): one replica is killed (SIGKILL)
//                      halfway through; every request must end 200, at once or after the
//                      client's retries (3 attempts): none lost
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cpu_share.h"
#include "image/image_files.h"
#include "image/preprocess.h"
#include "net/endpoint_client.h"
#include "replica_set.h"
#include "util/clock.h"
#include "util/stats.h"
#include "util/units.h"
#include "wallpaper_jpeg.h"

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
    std::fflush(stdout);  // or the child would inherit our pending output
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
    std::size_t okAfterRetry = 0;  // of ok: answered 200 only on a later attempt
    std::vector<double> latencies;
    std::string firstTransportError;
    double seconds = 0, rssAt1000 = 0, rssAtEnd = 0;
};

// What one load run does: how many attempts a client makes per request (1: count what
// the server does, not what retries hide) and what happens when half the requests are done.
struct LoadOptions {
    int maxAttempts = 1;
    std::function<void()> atHalfway;
};

LoadResult runLoad(const ServerProcess& server, const std::vector<uint8_t>& jpeg,
                   std::size_t requests, int clients, const LinkShape& link, bool emulate,
                   const LoadOptions& options = {}) {
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
            cc.maxAttempts = options.maxAttempts;
            cc.lowSpeedTimeSec = 30;
            auto client = EndpointClient::create(cc);
            if (!client) return;
            client.value()->setLink(link);
            UploadForm form;
            form.bytes = &jpeg;
            while (next++ < requests) {
                const auto r = client.value()->upload(form);
                const std::size_t n = ++finished;
                if (n == 1000 && server.pid > 0) result.rssAt1000 = rssMb(server.pid);
                if (n == requests / 2 && options.atHalfway) options.atHalfway();
                std::lock_guard<std::mutex> lock(mutex);
                if (!r) {
                    if (result.transportErrors++ == 0) result.firstTransportError = r.error();
                } else if (r->httpStatus == 200) {
                    ++result.ok, result.latencies.push_back(r->wallMs);
                    if (r->attempts > 1) ++result.okAfterRetry;
                } else if (r->httpStatus == 503)
                    ++result.status503, ++result.status5xx;
                else if (r->httpStatus >= 500)
                    ++result.status5xx;
                else
                    ++result.other;
            }
        });
    for (auto& t : threads) t.join();
    result.seconds = msSince(start) / 1000;
    if (server.pid > 0) result.rssAtEnd = rssMb(server.pid);
    return result;
}

void report(const char* label, const LoadResult& r, double singleP50) {
    const auto s = summarize(r.latencies);
    std::printf(
        "%-28s ok %6zu  transport errors %4zu  5xx %4zu (503: %zu)  other %zu  | %6.0f req/s | "
        "p50 %7.1f  p99 %7.1f ms (p99 = %.2fx single p50)",
        label, r.ok, r.transportErrors, r.status5xx, r.status503, r.other,
        double(r.ok + r.status5xx + r.other) / r.seconds, s.p50, s.p99, s.p99 / singleP50);
    if (r.rssAtEnd > 0)  // a server of ours, not one found at --url
        std::printf(" | RSS %.1f -> %.1f MB (%+.1f%%)", r.rssAt1000, r.rssAtEnd,
                    r.rssAt1000 > 0 ? 100.0 * (r.rssAtEnd - r.rssAt1000) / r.rssAt1000 : 0.0);
    std::printf("\n");
    if (!r.firstTransportError.empty())
        std::printf("  first transport error: %s\n", r.firstTransportError.c_str());
    std::fflush(stdout);
}

std::string argValue(int argc, char** argv, const std::string& name, const std::string& fallback) {
    for (int i = 1; i + 1 < argc; ++i)
        if (argv[i] == "--" + name) return argv[i + 1];
    return fallback;
}

bool hasFlag(int argc, char** argv, const std::string& name) {
    for (int i = 1; i < argc; ++i)
        if (argv[i] == "--" + name) return true;
    return false;
}

std::vector<int> numberList(const std::string& text) {
    std::vector<int> out;
    std::stringstream list(text);
    for (std::string item; std::getline(list, item, ',');) out.push_back(std::stoi(item));
    return out;
}

// The sweep of the default mode and of --url: one client, then each client count. Returns
// the single client's p50.
double clientSweep(const ServerProcess& server, const std::vector<uint8_t>& jpeg,
                   std::size_t requests, const std::vector<int>& clientCounts,
                   const LinkShape& link, bool emulate) {
    const auto single = runLoad(server, jpeg, 200, 1, link, emulate);
    const double singleP50 = summarize(single.latencies).p50;
    report("1 client (200 requests)", single, singleP50);
    for (int clients : clientCounts) {
        const auto r = runLoad(server, jpeg, requests, clients, link, emulate);
        report((std::to_string(clients) + " clients").c_str(), r, singleP50);
    }
    return singleP50;
}

struct ScaleOut {
    std::string script, build;
    std::vector<std::string> serverArgs;
    std::size_t requests = 0;
    int clients = 0, rounds = 1;
};

// One load run through nginx, and who used the CPU meanwhile.
struct ScaleRun {
    LoadResult load;
    double replicasCores = 0, nginxCores = 0, benchCores = 0, machineBusy = 0;
    bool stopped = false;
};

ScaleRun scaleRun(const ScaleOut& so, int n, const std::vector<uint8_t>& jpeg) {
    ScaleRun run;
    ReplicaSet set(so.script, so.build, n, so.serverArgs);
    if (set.url().empty()) {
        std::fprintf(stderr, "bench_load: %s\n", set.error().c_str());
        run.load.transportErrors = 1;
        return run;
    }
    const ServerProcess nginx{-1, set.url()};
    runLoad(nginx, jpeg, std::size_t(so.clients) * 4, so.clients, {}, false);  // warm-up
    std::vector<pid_t> replicaPids, nginxPids = {set.nginxPid()};
    for (const auto& r : set.replicas()) replicaPids.push_back(r.pid);
    for (pid_t w : childrenOf(set.nginxPid())) nginxPids.push_back(w);
    auto cpuOf = [](const std::vector<pid_t>& pids) {
        double s = 0;
        for (pid_t p : pids) s += processCpuSeconds(p);
        return s;
    };
    const double replicas0 = cpuOf(replicaPids), nginx0 = cpuOf(nginxPids);
    const double bench0 = processCpuSeconds(getpid());
    const MachineCpu machine0 = machineCpu();
    run.load = runLoad(nginx, jpeg, so.requests, so.clients, {}, false);
    const double wall = run.load.seconds;
    const MachineCpu machine1 = machineCpu();
    run.replicasCores = (cpuOf(replicaPids) - replicas0) / wall;
    run.nginxCores = (cpuOf(nginxPids) - nginx0) / wall;
    run.benchCores = (processCpuSeconds(getpid()) - bench0) / wall;
    run.machineBusy = (machine1.busy - machine0.busy) / wall;
    run.stopped = set.stop();
    return run;
}

double median(std::vector<double> v) { return v.empty() ? 0 : percentile(std::move(v), 0.5); }

// Requests/s through nginx for each replica count, in rounds (the order reversed every
// other round), the link off, no retries: 0 errors is the servers' doing. Returns false when
// a run had errors or left a process behind.
bool replicaSweep(const ScaleOut& so, const std::vector<int>& counts,
                  const std::vector<uint8_t>& jpeg) {
    bool clean = true;
    std::vector<std::vector<double>> rates(counts.size());
    for (int round = 0; round < so.rounds; ++round)
        for (std::size_t k = 0; k < counts.size(); ++k) {
            const std::size_t i = round % 2 ? counts.size() - 1 - k : k;
            const int n = counts[i];
            const ScaleRun run = scaleRun(so, n, jpeg);
            const auto& r = run.load;
            const double rate = r.seconds > 0 ? double(r.ok) / r.seconds : 0;
            rates[i].push_back(rate);
            const auto s = summarize(r.latencies);
            const std::size_t errors = r.transportErrors + r.status5xx + r.other;
            std::printf(
                "round %d, %d replica%s: %6.1f req/s  p50 %6.1f  p99 %6.1f ms  ok %zu  errors %zu"
                "  | cores used: replicas %.2f (%.0f req/s per core), nginx %.2f, this client "
                "%.2f; machine busy %.2f of %u | stopped, nothing left running: %s\n",
                round + 1, n, n == 1 ? " " : "s", rate, s.p50, s.p99, r.ok, errors,
                run.replicasCores, run.replicasCores > 0 ? rate / run.replicasCores : 0,
                run.nginxCores, run.benchCores, run.machineBusy,
                std::thread::hardware_concurrency(), run.stopped ? "yes" : "NO");
            if (!r.firstTransportError.empty())
                std::printf("  first transport error: %s\n", r.firstTransportError.c_str());
            std::fflush(stdout);
            clean = clean && run.stopped && errors == 0;
        }
    const double first = median(rates[0]);
    for (std::size_t i = 0; i < counts.size(); ++i)
        std::printf("median, %d replica%s: %6.1f req/s (%.2fx %d replica%s)\n", counts[i],
                    counts[i] == 1 ? " " : "s", median(rates[i]), median(rates[i]) / first,
                    counts[0], counts[0] == 1 ? "" : "s");
    std::printf("scale-out: %s\n", clean ? "0 errors, every run stopped cleanly"
                                         : "UNEXPECTED: errors or processes left running");
    return clean;
}

// One replica killed with SIGKILL halfway through the load; the clients retry as the
// dashboard's client does (3 attempts). Every request must end with a 200.
bool killOne(const ScaleOut& so, int n, const std::vector<uint8_t>& jpeg) {
    ReplicaSet set(so.script, so.build, n, so.serverArgs);
    if (set.url().empty())
        return std::fprintf(stderr, "bench_load: %s\n", set.error().c_str()), false;
    const auto replicas = set.replicas();
    if (replicas.size() != std::size_t(n))
        return std::fprintf(stderr, "bench_load: replicas.txt lists %zu replicas\n",
                            replicas.size()),
               false;
    const Replica victim = replicas.front();
    const ServerProcess nginx{-1, set.url()};
    LoadOptions options;
    options.maxAttempts = 3;
    options.atHalfway = [&] {
        kill(victim.pid, SIGKILL);
        std::printf("  killed replica %s (pid %d) after %zu of %zu requests\n", victim.url.c_str(),
                    int(victim.pid), so.requests / 2, so.requests);
        std::fflush(stdout);
    };
    const auto r = runLoad(nginx, jpeg, so.requests, so.clients, {}, false, options);
    const bool victimGone = !processAlive(victim.pid);
    const int passedOn = set.upstreamFailures();
    const bool stopped = set.stop();
    const std::size_t failed = r.transportErrors + r.status5xx + r.other;
    const std::size_t lost = so.requests - r.ok;
    std::printf(
        "%d replicas, one killed: %zu requests: %zu answered 200 at once (nginx passed %d "
        "failed attempts on to another replica), %zu answered 200 after the client retried, "
        "%zu failed after 3 attempts; lost %zu | %.1f req/s | victim gone: %s; stopped, "
        "nothing left running: %s\n",
        n, so.requests, r.ok - r.okAfterRetry, passedOn, r.okAfterRetry, failed, lost,
        double(r.ok) / r.seconds, victimGone ? "yes" : "NO", stopped ? "yes" : "NO");
    if (!r.firstTransportError.empty())
        std::printf("  first transport error: %s\n", r.firstTransportError.c_str());
    std::printf("kill one: %s\n",
                lost == 0 && victimGone ? "no request lost" : "UNEXPECTED: requests lost");
    return lost == 0 && victimGone && stopped;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<int> clientCounts = numberList(argValue(argc, argv, "clients", "16,64"));
    const LinkShape link{parseBitRate(argValue(argc, argv, "uplink", "8mbit")).value_or(8e6), 0,
                         parseDurationMs(argValue(argc, argv, "rtt", "40ms")).value_or(40)};
    std::string self = argv[0];
    const std::string binDir = self.substr(0, self.rfind('/'));
    const std::string binary = argValue(argc, argv, "server", binDir + "/../app/pieslicer-server");
    const std::string replicaList = argValue(argc, argv, "replicas", "");
    const bool scaleOut = !replicaList.empty() || hasFlag(argc, argv, "kill-one");
    const std::size_t requests =
        std::stoul(argValue(argc, argv, "requests", scaleOut ? "1500" : "10000"));

    // The on-device order's upload (a photo preprocessed to 331x331, q90) or the cloud
    // order's (the 2560x1600 photo itself).
    std::vector<uint8_t> upload;
    if (argValue(argc, argv, "upload", scaleOut ? "cloud" : "device") == "cloud") {
        const std::string wallpaper = wallpaperJpeg();
        upload.assign(wallpaper.begin(), wallpaper.end());
    } else {
        auto photo =
            readFileBytes(std::string(PIESLICER_SAMPLE_IMAGES) + "/retina_1411x1411_q85.jpg");
        if (!photo) return std::fprintf(stderr, "bench_load: %s\n", photo.error().c_str()), 1;
        auto prep = preprocessOnDevice(photo->data(), photo->size(), PreprocessOptions{});
        if (!prep) return std::fprintf(stderr, "bench_load: %s\n", prep.error().c_str()), 1;
        upload = prep->jpeg;
    }

    if (scaleOut) {
        ScaleOut so;
        so.script = argValue(argc, argv, "script", PIESLICER_SCRIPTS "/replicas.sh");
        so.build = binDir + "/..";
        so.serverArgs = {"--threads", argValue(argc, argv, "replica-threads", "1")};
        so.requests = requests;
        so.clients = std::stoi(argValue(argc, argv, "clients", "16"));
        so.rounds = std::stoi(argValue(argc, argv, "rounds", "3"));
        std::printf(
            "upload: %zu-byte JPEG, link off, %d clients, %zu requests per run, "
            "replicas.sh with pieslicer-server %s %s each, %u cores\n",
            upload.size(), so.clients, requests, so.serverArgs[0].c_str(), so.serverArgs[1].c_str(),
            std::thread::hardware_concurrency());
        std::fflush(stdout);
        bool ok = true;
        const auto counts = numberList(replicaList.empty() ? "3" : replicaList);
        if (!replicaList.empty()) ok = replicaSweep(so, counts, upload) && ok;
        if (hasFlag(argc, argv, "kill-one")) ok = killOne(so, counts.back(), upload) && ok;
        return ok ? 0 : 1;
    }

    // --link off: clients talk to the endpoint directly, to see its own capacity.
    const bool emulate = argValue(argc, argv, "link", "on") != "off";
    const std::string url = argValue(argc, argv, "url", "");
    std::printf("upload: %zu-byte JPEG, link %s, RTT %.0f ms, %zu requests per run, server %s\n",
                upload.size(), emulate ? formatBitRate(link.uplinkBitsPerSecond).c_str() : "off",
                link.rttMs, requests, url.empty() ? binary.c_str() : url.c_str());
    if (!url.empty()) {
        clientSweep({-1, url}, upload, requests, clientCounts, link, emulate);
        return 0;
    }

    auto server =
        startServer(binary, {"--threads", std::to_string(std::thread::hardware_concurrency())});
    if (server.url.empty())
        return std::fprintf(stderr, "bench_load: cannot start %s\n", binary.c_str()), 1;
    const double singleP50 = clientSweep(server, upload, requests, clientCounts, link, emulate);
    stopServer(server);

    // Beyond capacity: one worker, a queue of 2, 64 clients with no link in the way.
    auto tiny = startServer(binary, {"--threads", "1", "--queue", "2"});
    const auto over = runLoad(tiny, upload, 2000, 64, link, false);
    report("64 clients, queue 2 (over)", over, singleP50);
    stopServer(tiny);
    std::printf("beyond capacity: %s\n", over.transportErrors == 0 && over.status503 > 0
                                             ? "503 answers, no time-outs"
                                             : "UNEXPECTED: time-outs or no 503");
    return 0;
}
