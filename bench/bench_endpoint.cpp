// The endpoint against the work itself (issue #13, item 1), in one run on the same machine:
//  1. in-process: the endpoint's own preprocessing (decode, resize, convert) of the same
//     bytes on as many threads as the endpoint has workers, as fast as it goes;
//  2. over HTTP: the same bytes uploaded to an in-process EndpointServer (no model, so the
//     work is the same) from 1, 2 and 16 keep-alive connections, each a raw socket sending
//     a prebuilt multipart request and reading the answer (a client as cheap as wrk's).
// Reports requests/s of each, their ratio, and the medians of the endpoint's own timing
// fields (convert_time; transfer_time: first to last body byte received).
//
// Run: build/bench/bench_endpoint [--seconds 5] [--rounds 3] [--threads 2] [--image FILE]
//      (default image: a 2560x1600 JPEG of about 680 KB made from a sample photo)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/core/utility.hpp>
#include <string>
#include <thread>
#include <vector>

#include "image/preprocess.h"
#include "server/endpoint_server.h"
#include "util/clock.h"
#include "wallpaper_jpeg.h"

using namespace pieslicer;

namespace {

std::string argValue(int argc, char** argv, const std::string& name, const std::string& fallback) {
    for (int i = 1; i + 1 < argc; ++i)
        if (argv[i] == "--" + name) return argv[i + 1];
    return fallback;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

double inProcessRate(const std::string& image, int threads, double seconds) {
    std::atomic<long> done{0};
    std::atomic<bool> stop{false};
    PreprocessOptions opt;
    std::vector<std::thread> workers;
    const auto start = SteadyClock::now();
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&] {
            while (!stop) {
                auto r = preprocessInCloud(reinterpret_cast<const uint8_t*>(image.data()),
                                           image.size(), opt);
                if (r) ++done;
            }
        });
    sleepMs(seconds * 1000);
    stop = true;
    for (auto& w : workers) w.join();
    return done / (msSince(start) / 1000);
}

std::string uploadRequest(const std::string& image) {
    std::string body;
    auto part = [&](const std::string& name, const std::string& value, bool file) {
        body += "--b\r\nContent-Disposition: form-data; name=\"" + name + "\"" +
                (file ? "; filename=\"x.jpg\"\r\nContent-Type: image/jpeg" : "") + "\r\n\r\n" +
                value + "\r\n";
    };
    part("file", image, true);
    part("t_sla", "1000", false);
    part("t_device_prep", "0", false);
    part("estimated_transfer_time", "0", false);
    body += "--b--\r\n";
    return "POST /pieslicer HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
           "boundary=b\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
}

// Reads one HTTP answer with a Content-Length body; its body, or empty on failure.
std::string readAnswer(int fd, std::string& pending) {
    char buf[16384];
    for (;;) {
        const auto headEnd = pending.find("\r\n\r\n");
        if (headEnd != std::string::npos) {
            const auto cl = pending.find("Content-Length: ");
            const std::size_t length = std::strtoul(pending.c_str() + cl + 16, nullptr, 10);
            if (pending.size() >= headEnd + 4 + length) {
                std::string body = pending.substr(headEnd + 4, length);
                pending.erase(0, headEnd + 4 + length);
                return body;
            }
        }
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return "";
        pending.append(buf, std::size_t(n));
    }
}

struct HttpRun {
    double rate = 0;
    std::vector<double> convertMs, transferMs;
    long errors = 0;
};

HttpRun httpRate(int port, const std::string& request, int connections, double seconds) {
    std::atomic<bool> stop{false};
    std::vector<HttpRun> perClient(static_cast<std::size_t>(connections));
    std::vector<long> counts(static_cast<std::size_t>(connections), 0L);
    std::vector<std::thread> clients;
    const auto start = SteadyClock::now();
    for (int c = 0; c < connections; ++c)
        clients.emplace_back([&, c] {
            const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in addr{};
            addr.sin_family = AF_INET;
            addr.sin_port = htons(uint16_t(port));
            addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            int one = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return;
            std::string pending;
            while (!stop) {
                if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
                    ssize_t(request.size()))
                    break;
                const auto answer = nlohmann::json::parse(readAnswer(fd, pending), nullptr, false);
                if (!answer.is_object() || !answer.contains("convert_time")) {
                    ++perClient[std::size_t(c)].errors;
                    break;
                }
                perClient[std::size_t(c)].convertMs.push_back(answer["convert_time"].get<double>());
                perClient[std::size_t(c)].transferMs.push_back(
                    answer["transfer_time"].get<double>());
                ++counts[std::size_t(c)];
            }
            ::close(fd);
        });
    sleepMs(seconds * 1000);
    stop = true;
    for (auto& t : clients) t.join();
    HttpRun all;
    long total = 0;
    for (int c = 0; c < connections; ++c) {
        total += counts[std::size_t(c)];
        all.errors += perClient[std::size_t(c)].errors;
        auto& p = perClient[std::size_t(c)];
        all.convertMs.insert(all.convertMs.end(), p.convertMs.begin(), p.convertMs.end());
        all.transferMs.insert(all.transferMs.end(), p.transferMs.begin(), p.transferMs.end());
    }
    all.rate = total / (msSince(start) / 1000);
    return all;
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::nth_element(v.begin(), v.begin() + long(v.size() / 2), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    const double seconds = std::stod(argValue(argc, argv, "seconds", "5"));
    const int threads = std::stoi(argValue(argc, argv, "threads", "2"));
    const std::string imagePath = argValue(argc, argv, "image", "");
    const std::string image = imagePath.empty() ? wallpaperJpeg() : readFile(imagePath);
    cv::setNumThreads(1);  // as pieslicer-server: the workers are the parallelism
    std::printf("image: %zu bytes; %d worker threads; %.0f s per measurement\n", image.size(),
                threads, seconds);

    EndpointConfig config;
    config.threads = threads;
    EndpointServer server(config);
    const auto port = server.start();
    if (!port) {
        std::fprintf(stderr, "cannot start the endpoint: %s\n", port.error().c_str());
        return 1;
    }
    const std::string request = uploadRequest(image);
    // Rounds alternate the in-process and HTTP measurements, so a neighbour's load falls
    // on both alike; the medians over rounds are reported.
    const int rounds = std::stoi(argValue(argc, argv, "rounds", "3"));
    const std::vector<int> connectionCounts = {1, 2, 16};
    std::vector<double> inProcess;
    std::vector<std::vector<double>> rates(connectionCounts.size()),
        converts(connectionCounts.size()), transfers(connectionCounts.size());
    long errors = 0;
    for (int round = 0; round < rounds; ++round) {
        inProcess.push_back(inProcessRate(image, threads, seconds));
        std::printf("round %d: in-process %.1f requests/s", round + 1, inProcess.back());
        for (std::size_t i = 0; i < connectionCounts.size(); ++i) {
            const HttpRun run = httpRate(port.value(), request, connectionCounts[i], seconds);
            rates[i].push_back(run.rate);
            converts[i].push_back(median(run.convertMs));
            transfers[i].push_back(median(run.transferMs));
            errors += run.errors;
            std::printf("; HTTP x%d %.1f", connectionCounts[i], run.rate);
        }
        std::printf("\n");
    }
    const double base = median(inProcess);
    std::printf("median in-process preprocessing: %.1f requests/s\n", base);
    for (std::size_t i = 0; i < connectionCounts.size(); ++i)
        std::printf(
            "median HTTP, %2d connections: %.1f requests/s = %.0f%% of in-process; "
            "convert_time %.3f ms, transfer_time %.3f ms (medians)\n",
            connectionCounts[i], median(rates[i]), 100 * median(rates[i]) / base,
            median(converts[i]), median(transfers[i]));
    std::printf("%ld errors\n", errors);
    server.stop();
    return 0;
}
