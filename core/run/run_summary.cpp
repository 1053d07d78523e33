#include "run/run_summary.h"

#include <cstdio>

namespace pieslicer {

std::vector<StrategySummary> summarizeByStrategy(const std::vector<RequestRecord>& records) {
    std::vector<StrategySummary> out;
    for (const auto& [key, rows] : groupByStrategy(records)) {
        StrategySummary s;
        s.strategy = key;
        std::vector<double> pre, transfer;
        for (const RequestRecord* r : rows) {
            ++s.requests;
            if (!r->ok()) {
                ++s.errors;
                continue;
            }
            pre.push_back(r->preexecution_time);
            transfer.push_back(r->transfer_time_real);
            s.bytesSent += r->bytes_sent;
        }
        s.preexecution = summarize(pre);
        s.transfer = summarize(transfer);
        out.push_back(s);
    }
    return out;
}

std::string formatSummaryTable(const std::vector<StrategySummary>& summaries) {
    std::string out;
    char line[256];
    std::snprintf(line, sizeof line, "%-24s %5s %5s | %9s %9s %9s %9s | %9s %9s %9s %9s | %10s\n",
                  "strategy", "ok", "err", "pre mean", "pre p50", "pre p90", "pre p99", "xfer mean",
                  "xfer p50", "xfer p90", "xfer p99", "MB sent");
    out += line;
    for (const auto& s : summaries) {
        const auto& p = s.preexecution;
        const auto& t = s.transfer;
        std::snprintf(
            line, sizeof line,
            "%-24s %5zu %5zu | %9.1f %9.1f %9.1f %9.1f | %9.1f %9.1f %9.1f %9.1f | %10.3f\n",
            s.strategy.c_str(), s.requests - s.errors, s.errors, p.mean, p.p50, p.p90, p.p99,
            t.mean, t.p50, t.p90, t.p99, s.bytesSent / 1e6);
        out += line;
    }
    out += "(times in ms; pre = pre-execution time, xfer = transfer_time_real)\n";
    return out;
}

}  // namespace pieslicer
