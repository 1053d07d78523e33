#include "cli/sweep_table.h"

#include <algorithm>
#include <cstdio>

#include "domain/strategy_ids.h"

namespace pieslicer::cli {
namespace {

// "+12.3% [+8.1, +16.0] vs static-device", or "no difference measured [-3.1, +2.0] vs ...".
std::string savingText(const CellHeadline& h) {
    if (!h.hasSavings) return "-";
    char buf[96];
    std::snprintf(buf, sizeof buf, "%+.1f%%", h.savingsPercent);
    std::string out = h.differenceMeasured ? buf : kNoDifferenceMeasured;
    if (h.savingsPercentCi.valid) {
        std::snprintf(buf, sizeof buf, " [%+.1f, %+.1f]", h.savingsPercentCi.lo,
                      h.savingsPercentCi.hi);
        out += buf;
    }
    return out + " vs " + h.betterStatic;
}

}  // namespace

void printSweepTable(const SweepSummary& summary) {
    std::size_t uplinkW = 6, deviceW = 6;
    for (const auto& c : summary.cells) {
        uplinkW = std::max(uplinkW, c.cell.uplinkName.size());
        deviceW = std::max(deviceW, c.cell.deviceName.size());
    }
    const int u = int(uplinkW), d = int(deviceW);
    std::printf("%-*s %-8s %-*s %-5s  %-24s %-44s %8s %7s\n", u, "uplink", "rtt", d, "device",
                "tcp", "strategy", "mean saving vs better static [95% CI]", "regret", "dec F1");
    for (const auto& c : summary.cells)
        for (const auto& h : c.headlines) {
            if (h.strategy == strategy_id::kStaticDevice ||
                h.strategy == strategy_id::kStaticCloud || h.strategy == strategy_id::kOracle)
                continue;
            char regret[32] = "-", f1[32] = "-";
            if (h.hasRegret) std::snprintf(regret, sizeof regret, "%.2f%%", h.regretPercent);
            if (h.hasDecisiveF1) std::snprintf(f1, sizeof f1, "%.3f", h.decisiveF1);
            std::printf("%-*s %-8s %-*s %-5s  %-24s %-44s %8s %7s\n", u, c.cell.uplinkName.c_str(),
                        c.cell.rttName.c_str(), d, c.cell.deviceName.c_str(),
                        c.cell.tcpName.c_str(), h.strategy.c_str(), savingText(h).c_str(), regret,
                        f1);
        }
    for (const auto& s : summary.breakEven) {
        std::size_t crossing = 0;
        for (const auto& p : s.points) crossing += p.bitsPerSecond.has_value();
        std::printf(
            "break-even uplink (%s, %g ms, %s TCP): %zu of %zu images have one (in the "
            "summary JSON)\n",
            s.device.c_str(), s.rttMs, tcpModelName(s.tcp), crossing, s.points.size());
    }
}

void printCellPercentiles(const SweepSummary& summary) {
    for (const auto& c : summary.cells) {
        std::printf("%s\n", c.cell.key.c_str());
        for (const auto& s : c.scores) {
            std::printf("  %-24s ok %4zu  mean %9.1f  p50 %9.1f  p99 %9.1f ms\n",
                        s.strategy.c_str(), s.requests - s.errors, s.preexecution.mean,
                        s.preexecution.p50, s.preexecution.p99);
        }
    }
}

}  // namespace pieslicer::cli
