// pieslicer-cli replay: recorded measurements re-timed and re-decided under another link,
// device slowdown, profile or set of strategies, without measuring again (run/replay.h).
#include <cstdio>
#include <cstdlib>
#include <set>

#include "cli/cli_options.h"
#include "cli/commands.h"
#include "cli/measurement_options.h"
#include "cli/scoring_options.h"
#include "net/delivery_trace.h"
#include "run/record_csv.h"
#include "run/record_sqlite.h"
#include "run/replay.h"
#include "strategy/strategy_factory.h"
#include "util/units.h"

namespace pieslicer::cli {
namespace {

const std::set<std::string> kReplayOptions = {
    "records",         "uplink",         "rtt",         "tcp", "queue",  "uplink-trace",
    "device-slowdown", "profile",        "strategies",  "out", "sqlite", "decisive-margin",
    "bootstrap",       "bootstrap-seed", "summary-json"};

int usageError(const std::string& message) {
    std::fprintf(stderr, "pieslicer-cli replay: %s (see pieslicer-cli --help)\n", message.c_str());
    return 2;
}

// The link to replay on: each option given replaces what the first record was measured on.
bool replayLink(const Options& o, const RequestRecord& recorded, LinkShape& link,
                std::string& error) {
    link.uplinkBitsPerSecond = bitsPerSecondFromMbps(recorded.uplink_mbps);
    link.rttMs = recorded.rtt_ms;
    link.tcp = parseTcpModel(recorded.tcp_model).value_or(TcpModel::Ideal);
    if (o.has("uplink")) {
        const auto rate = parseBitRate(o.get("uplink"));
        if (!rate || *rate <= 0) return error = "--uplink must be a rate such as 2mbit", false;
        link.uplinkBitsPerSecond = *rate;
    }
    if (o.has("rtt")) {
        const auto rtt = parseDurationMs(o.get("rtt"));
        if (!rtt) return error = "--rtt must be a duration such as 40ms", false;
        link.rttMs = *rtt;
    }
    if (o.has("tcp")) {
        const auto tcp = parseTcpModel(o.get("tcp"));
        if (!tcp) return error = "--tcp must be ideal or linux", false;
        link.tcp = *tcp;
    }
    const auto queue = parseQueueSize(o.get("queue", "0"));
    if (!queue) return error = "--queue must be a size such as 0, 100pkt, 64KB or 1MB", false;
    link.queueBytes = *queue;
    return loadTrace(o, "uplink-trace", link.uplinkTrace, error);
}

bool replayConfigFrom(const Options& o, const std::vector<RequestRecord>& records,
                      ReplayConfig& config, std::string& error) {
    config.source = o.get("records");
    if (!replayLink(o, records.front(), config.link, error)) return false;
    if (o.has("device-slowdown")) {
        char* end = nullptr;
        const std::string text = o.get("device-slowdown");
        const double k = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || *end || !(k >= 1 && k <= 100))
            return error = "--device-slowdown must be between 1 and 100", false;
        config.deviceSlowdown = k;
    }
    if (o.has("strategies")) {
        config.strategies = splitList(o.get("strategies"));
        for (const auto& id : config.strategies)
            if (!isStrategyId(id)) return error = makeStrategy(id, nullptr).error(), false;
    }
    if (o.has("profile")) {
        auto profile = loadProfile(o.get("profile"));
        if (!profile) return error = profile.error(), false;
        config.profile = std::make_shared<const CostProfile>(std::move(profile.value()));
    }
    return true;
}

// --out (CSV, written whole) and --sqlite (appended in one transaction).
bool writeOutputs(const Options& o, const std::vector<RequestRecord>& records) {
    if (o.has("out")) {
        if (auto w = writeRecordsCsvAtomic(o.get("out"), records); !w) {
            std::fprintf(stderr, "pieslicer-cli: %s\n", w.error().c_str());
            return false;
        }
    }
    if (o.has("sqlite")) {
        if (auto w = appendRecordsSqlite(o.get("sqlite"), records); !w) {
            std::fprintf(stderr, "pieslicer-cli: %s\n", w.error().c_str());
            return false;
        }
    }
    return true;
}

}  // namespace

int replayCommand(const std::vector<std::string>& args) {
    std::string error;
    auto parsed = Options::parse(args, {}, error);
    if (!parsed) return usageError(error);
    const Options& o = *parsed;
    for (const auto& [name, value] : o.all())
        if (!kReplayOptions.count(name)) return usageError("unknown option --" + name);
    if (!o.has("records")) return usageError("--records FILE is required");
    ScoringOptions scoring;
    if (!parseScoringOptions(o, scoring, error)) return usageError(error);

    auto records = readRecordsFile(o.get("records"));
    if (!records) {
        std::fprintf(stderr, "pieslicer-cli: %s\n", records.error().c_str());
        return 1;
    }
    if (records->empty()) {
        std::fprintf(stderr, "pieslicer-cli: %s holds no records\n", o.get("records").c_str());
        return 1;
    }
    ReplayConfig config;
    if (!replayConfigFrom(o, records.value(), config, error)) return usageError(error);
    auto replayed = replayRecords(records.value(), config);
    if (!replayed) {
        std::fprintf(stderr, "pieslicer-cli: %s\n", replayed.error().c_str());
        return 1;
    }
    std::fprintf(stderr, "replayed, not measured: %zu records of %zu images, %s\n",
                 replayed->records.size(), replayed->images, replayed->provenance.c_str());
    if (replayed->missingOrders > 0)
        std::fprintf(stderr,
                     "warning: %zu rows chose an order the source never measured (error rows)\n",
                     replayed->missingOrders);
    if (!writeOutputs(o, replayed->records)) return 1;
    std::fprintf(stdout, "replayed, not measured: %s\n", replayed->provenance.c_str());
    RunDescription run = describeRun(replayed->records, config.profile.get(), o.get("profile"));
    return reportScores(o, scoring, replayed->records, run) ? 0 : 1;
}

}  // namespace pieslicer::cli
