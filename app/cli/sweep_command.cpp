// pieslicer-cli sweep: one experiment over a grid of uplinks x RTTs x devices x TCP models,
// each cell a paired run of the chosen strategies over the same images (run/sweep.h).
#include <algorithm>
#include <cstdio>
#include <set>

#include "cli/commands.h"
#include "cli/measurement_options.h"
#include "cli/run_support.h"
#include "cli/scoring_options.h"
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

// One line per cell and strategy that is neither static nor the oracle; the conditions as
// typed (the CSV's sweep_cell has the resolved device).
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
