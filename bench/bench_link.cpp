// The link relay against its model over the whole grid, in real time through sockets:
// uplink 0.5-100 Mbit/s x RTT 5-300 ms x 10 KB-20 MB, ideal and Linux TCP. Each cell sends
// the bytes through a LinkEmulator to a raw sink and compares the last byte's arrival with
// the model's closed form (bytes/rate + RTT/2, plus slow start under linux).
// Cells longer than --max-seconds are skipped (a 20 MB upload at 0.5 Mbit/s takes 5 min).
//   bench_link [--max-seconds 4] [--tcp ideal|linux|both]
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "net/transfer_time.h"
#include "support/relay_probe.h"

using namespace pieslicer;

int main(int argc, char** argv) {
    double maxSeconds = 4;
    std::string tcpChoice = "both";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--max-seconds")) maxSeconds = std::atof(argv[i + 1]);
        if (!std::strcmp(argv[i], "--tcp")) tcpChoice = argv[i + 1];
    }
    const double rates[] = {0.5, 2, 8, 32, 52, 100};
    const double rtts[] = {5, 20, 93, 200, 300};
    const double sizes[] = {10e3, 100e3, 1e6, 5e6, 20e6};
    std::printf("%-6s %8s %7s %10s %11s %11s %8s\n", "tcp", "Mbit/s", "RTT ms", "bytes", "model ms",
                "relay ms", "error");
    int cells = 0, over3 = 0;
    double worst = 0;
    for (TcpModel tcp : {TcpModel::Ideal, TcpModel::Linux}) {
        if (tcpChoice != "both" && tcpChoice != tcpModelName(tcp)) continue;
        for (double mbps : rates)
            for (double rtt : rtts)
                for (double bytes : sizes) {
                    const double model = uploadDeliveryMs(bytes, mbps * 1e6, rtt, tcp);
                    if (model > maxSeconds * 1000) continue;
                    test::Sink sink;
                    LinkEmulator relay("127.0.0.1", sink.port());
                    if (!relay.start().ok()) return 1;
                    LinkShape shape{mbps * 1e6, 0, rtt};
                    shape.tcp = tcp;
                    relay.setShape(shape);
                    const double got = test::relayDeliveryMs(relay, sink, std::size_t(bytes));
                    const double err = 100.0 * (got - model) / model;
                    ++cells;
                    over3 += std::fabs(err) > 3;
                    worst = std::max(worst, std::fabs(err));
                    std::printf("%-6s %8g %7g %10.0f %11.1f %11.1f %+7.2f%%\n", tcpModelName(tcp),
                                mbps, rtt, bytes, model, got, err);
                    std::fflush(stdout);
                }
    }
    std::printf("%d cells (up to %g s each): worst |error| %.2f%%, %d over 3%%\n", cells,
                maxSeconds, worst, over3);
    return over3 == 0 ? 0 : 1;
}
