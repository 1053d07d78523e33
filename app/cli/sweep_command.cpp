// pieslicer-cli sweep: one experiment over a grid of uplinks x RTTs x devices x TCP models,
// each cell a paired run of the chosen strategies over the same images (run/sweep.h).
#include <algorithm>
#include <cstdio>
#include <set>

#include "cli/commands.h"
#include "cli/measurement_options.h"
#include "cli/run_support.h"
#include "cli/scoring_options.h"
#include "cli/sweep_table.h"
#include "domain/strategy_ids.h"
#include "run/sweep.h"
#include "run/sweep_summary.h"
#include "strategy/strategy_factory.h"

namespace pieslicer::cli {
namespace {

constexpr const char* kDefaultSweepStrategies = "pieslicer,static-device,static-cloud,oracle";

int usage(const std::string& message) {
    std::fprintf(stderr, "pieslicer-cli sweep: %s (see pieslicer-cli --help)\n", message.c_str());
    return 2;
}

void say(const std::string& text) { std::fprintf(stderr, "%s\n", text.c_str()); }

// The grid from --uplinks, --rtts, --devices and --tcp (each a comma-separated list).
Expected<SweepGrid> gridFrom(const Options& o) {
    SweepGrid g;
    auto uplinks = parseSweepUplinks(o.get("uplinks"));
    if (!uplinks) return fail(uplinks.error());
    auto rtts = parseSweepRtts(o.get("rtts", "auto"));
    if (!rtts) return fail(rtts.error());
    auto devices = parseSweepDevices(o.get("devices", "this machine"));
    if (!devices) return fail(devices.error());
    auto tcps = parseSweepTcps(o.get("tcp", "ideal"));
    if (!tcps) return fail(tcps.error());
    g.uplinks = std::move(uplinks.value());
    g.rtts = std::move(rtts.value());
    g.devices = std::move(devices.value());
    g.tcps = std::move(tcps.value());
    return g;
}

}  // namespace

int sweepCommand(const std::vector<std::string>& args) {
    std::string error;
    auto parsed = Options::parse(args, withMeasurementFlags({"resume"}), error);
    if (!parsed) return usage(error);
    const Options& o = *parsed;
    std::set<std::string> known = {"images",
                                   "endpoint",
                                   "uplinks",
                                   "rtts",
                                   "devices",
                                   "tcp",
                                   "strategies",
                                   "out",
                                   "resume",
                                   "repeat",
                                   "run-tag",
                                   "token",
                                   "target",
                                   "quality",
                                   "sla",
                                   "queue",
                                   "warm-connection",
                                   "downlink-trace",
                                   "residual-spread",
                                   "device-seed",
                                   "profile-cache",
                                   "sqlite"};
    for (const char* const* n = kScoringOptionNames; *n; ++n) known.insert(*n);
    for (const auto& [name, value] : o.all())
        if (!known.count(name)) {
            const bool axis = name == "uplink" || name == "rtt" || name == "emulate" ||
                              name == "device-slowdown" || name == "uplink-trace";
            return usage("unknown option --" + name +
                         (axis ? " (a sweep's axes are --uplinks, --rtts, --devices, --tcp)" : ""));
        }
    if (!o.has("images")) return usage("--images DIR is required");
    if (!o.has("uplinks")) return usage("--uplinks LIST is required");
    ScoringOptions scoring;
    if (!parseScoringOptions(o, scoring, error)) return usage(error);

    SweepConfig config;
    auto grid = gridFrom(o);
    if (!grid) return usage(grid.error());
    config.grid = std::move(grid.value());
    // The shared options as a run reads them; --tcp is an axis here, and a warm connection
    // applies to the cells under linux TCP.
    if (!experimentConfigFrom(o.without({"tcp", "warm-connection"}), config.base, error))
        return usage(error);
    config.base.link.warmConnection = o.has("warm-connection");
    config.base.resume = o.has("resume");
    config.base.outSqlite = o.get("sqlite");  // every cell appends to the same database
    config.strategyIds = splitList(o.get("strategies", kDefaultSweepStrategies));
    if (config.strategyIds.empty()) return usage("--strategies needs at least one id");
    for (const auto& id : config.strategyIds)
        if (!isStrategyId(id)) return usage(makeStrategy(id, nullptr).error());
    config.profileCacheDir = o.get("profile-cache");
    if (config.profileCacheDir.empty() && !config.base.outCsv.empty())
        config.profileCacheDir = config.base.outCsv + ".profiles";

    SweepRunner runner(std::move(config));
    runner.onMessage(say);
    runner.onRecord([](const RequestRecord& r, const SweepProgress& p) {
        std::fprintf(stderr, "cell %zu/%zu ", p.cell + 1, p.cells);
        printRecordProgress(r, p.overall);
    });
    RunControl control;
    InterruptGuard interrupts(control);
    auto result = runner.run(control);
    if (!result) {
        std::fprintf(stderr, "pieslicer-cli sweep: %s\n", result.error().c_str());
        return 1;
    }
    if (result->stopped)
        std::fprintf(stderr, "interrupted: every finished request is written; --resume goes on\n");
    const SweepSummary summary = summariseSweep(result.value(), scoring);
    printSweepTable(summary);
    if (o.has("summary-json")) {
        auto written = writeSweepSummaryJson(o.get("summary-json"), summary, scoring);
        if (!written) {
            std::fprintf(stderr, "pieslicer-cli sweep: %s\n", written.error().c_str());
            return 1;
        }
        std::fprintf(stderr, "sweep summary written to %s\n", o.get("summary-json").c_str());
    }
    return result->stopped ? 130 : 0;
}

}  // namespace pieslicer::cli
