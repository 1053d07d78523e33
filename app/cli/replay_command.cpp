// pieslicer-cli replay: recorded measurements re-timed and re-decided under another link,
// device slowdown, profile or set of strategies, without measuring again (run/replay.h).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/cli_options.h"
#include "cli/commands.h"
#include "cli/measurement_options.h"
#include "cli/scoring_options.h"
#include "cli/sweep_table.h"
#include "net/delivery_trace.h"
#include "run/record_csv.h"
#include "run/record_sqlite.h"
#include "run/replay.h"
#include "run/sweep_summary.h"
#include "strategy/strategy_factory.h"
#include "util/atomic_file.h"
#include "util/units.h"

namespace pieslicer::cli {
namespace {

const std::set<std::string> kReplayOptions = {"records",
                                              "uplink",
                                              "rtt",
                                              "tcp",
                                              "queue",
                                              "uplink-trace",
                                              "device-slowdown",
                                              "profile",
                                              "strategies",
                                              "out",
                                              "sqlite",
                                              "decisive-margin",
                                              "bootstrap",
                                              "bootstrap-seed",
                                              "summary-json",
                                              "profile-cache"};

int usageError(const std::string& message) {
    std::fprintf(stderr, "pieslicer-cli replay: %s (see pieslicer-cli --help)\n", message.c_str());
    return 2;
}

// The link to replay on: each option given replaces what the records were measured on; the
// rest stays as each group of records (a sweep's cell) measured it.
LinkShape recordedLink(const RequestRecord& recorded, const LinkShape& asked, const Options& o) {
    LinkShape link = asked;
    if (!o.has("uplink") && !o.has("uplink-trace")) {
        link.uplinkBitsPerSecond = bitsPerSecondFromMbps(recorded.uplink_mbps);
        link.uplinkTrace = nullptr;
    }
    if (!o.has("rtt")) link.rttMs = recorded.rtt_ms;
    if (!o.has("tcp")) link.tcp = parseTcpModel(recorded.tcp_model).value_or(TcpModel::Ideal);
    return link;
}

bool replayLink(const Options& o, const RequestRecord& recorded, LinkShape& link,
                std::string& error) {
    link = recordedLink(recorded, link, o);
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

// --profile FILE (every device), --profile "DEVICE=FILE" (repeated: one per device), several
// unnamed --profile FILEs (each for the device it describes), and --profile-cache DIR (a
// sweep's calibrations; default: the sweep CSV's own "<records>.profiles" when it exists).
bool replayProfiles(const Options& o, ReplayConfig& config, std::string& error) {
    std::vector<std::pair<std::string, std::string>> given;  // (device or "", file)
    for (const std::string& value : o.getAll("profile")) {
        const auto eq = value.find('=');
        std::error_code ec;
        if (eq != std::string::npos && eq > 0 && !std::filesystem::exists(value, ec))
            given.emplace_back(value.substr(0, eq), value.substr(eq + 1));
        else
            given.emplace_back("", value);
    }
    std::size_t unnamed = 0;
    for (const auto& g : given) unnamed += g.first.empty();
    for (const auto& [device, file] : given) {
        auto profile = loadProfile(file);
        if (!profile) return error = "--profile " + file + ": " + profile.error(), false;
        auto p = std::make_shared<const CostProfile>(std::move(profile.value()));
        if (!device.empty())
            config.deviceProfiles[device] = p;
        else if (unnamed == 1)
            config.profile = p;
        else
            config.deviceProfiles[profileDeviceLabel(*p)] = p;
    }
    config.profileCacheDir = o.get("profile-cache");
    const std::string sweepCache = o.get("records") + ".profiles";
    std::error_code ec;
    if (config.profileCacheDir.empty() && std::filesystem::is_directory(sweepCache, ec))
        config.profileCacheDir = sweepCache;
    return true;
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
    if (!replayProfiles(o, config, error)) return false;
    // Each group of records (a sweep's cell) keeps what it was not asked to change.
    config.linkFor = [asked = config.link, o](const RequestRecord& r) {
        return recordedLink(r, asked, o);
    };
    if (o.has("uplink")) config.uplinkName = o.get("uplink");
    if (o.has("uplink-trace") && config.link.uplinkTrace)
        config.uplinkName = config.link.uplinkTrace->name();
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

// A replay of several groups (a sweep's cells): the whole comparison, then per cell (as a
// sweep reports them); the summary JSON gets a "cells" array in the sweep's schema.
bool reportCells(const Options& o, const ScoringOptions& scoring, const ReplayResult& replayed,
                 const RunDescription& run) {
    const auto scores = scoreRun(replayed.records, scoring);
    std::fputs(formatComparisonTable(scores, scoring).c_str(), stdout);
    SweepResult cells;
    for (const ReplayCell& c : replayed.cells) {
        SweepCellResult cell;
        cell.cell = c.cell;
        cell.records.assign(replayed.records.begin() + long(c.first),
                            replayed.records.begin() + long(c.first + c.count));
        cell.profile = c.profile;
        cell.profileSource = c.profileSource;
        cell.mismatch = c.mismatch;
        cells.cells.push_back(std::move(cell));
    }
    const SweepSummary summary = summariseSweep(cells, scoring);
    std::printf("\nper cell (replayed, not measured):\n");
    printSweepTable(summary);
    printCellPercentiles(summary);
    if (!o.has("summary-json")) return true;
    nlohmann::json j = summaryJson(scores, run, scoring);
    j["cells"] = sweepSummaryJson(summary, scoring)["cells"];
    auto written = writeFileAtomically(o.get("summary-json"), j.dump(2) + "\n");
    if (!written) {
        std::fprintf(stderr, "pieslicer-cli: %s\n", written.error().c_str());
        return false;
    }
    std::fprintf(stderr, "summary written to %s\n", o.get("summary-json").c_str());
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
    for (const ReplayCell& c : replayed->cells) {
        std::fprintf(stderr, "%s: %zu rows, %s", c.cell.key.c_str(), c.count,
                     c.profile ? ("profile of " + profileDeviceLabel(*c.profile) + " (" +
                                  c.profileSource + ")")
                                     .c_str()
                               : "no profile");
        std::fprintf(stderr, "\n");
        if (!c.mismatch.empty())
            std::fprintf(stderr, "warning: %s: predictions describe another device\n",
                         c.mismatch.c_str());
    }
    if (!writeOutputs(o, replayed->records)) return 1;
    std::fprintf(stdout, "replayed, not measured: %s\n", replayed->provenance.c_str());
    const ReplayCell& first = replayed->cells.front();
    RunDescription run = describeRun(replayed->records, first.profile.get(), o.get("profile"));
    if (replayed->cells.size() == 1)
        return reportScores(o, scoring, replayed->records, run) ? 0 : 1;
    return reportCells(o, scoring, replayed.value(), run) ? 0 : 1;
}

}  // namespace pieslicer::cli
