#include "cli/commands.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>

#include "cli/cli_options.h"
#include "run/experiment.h"
#include "run/run_summary.h"
#include "util/units.h"

namespace pieslicer::cli {
namespace {

RunControl* activeRun = nullptr;

void onInterrupt(int) {
    // First Ctrl-C: finish the request in flight and write it. A second one kills at once.
    if (activeRun) activeRun->stop = true;
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

int usageError(const std::string& message) {
    std::fprintf(stderr, "pieslicer-cli: %s (see pieslicer-cli --help)\n", message.c_str());
    return 2;
}

bool parseInt(const std::string& text, int lo, int hi, int& out) {
    char* end = nullptr;
    const long v = std::strtol(text.c_str(), &end, 10);
    if (end == text.c_str() || *end || v < lo || v > hi) return false;
    out = int(v);
    return true;
}

}  // namespace

int runCommand(const std::vector<std::string>& args) {
    std::string error;
    auto parsed = Options::parse(args, {"resume"}, error);
    if (!parsed) return usageError(error);
    const Options& o = *parsed;
    static const std::set<std::string> known = {"images", "endpoint", "placement", "uplink", "rtt", "target",
                                                "quality", "repeat", "sla", "device-slowdown", "out",
                                                "resume", "run-tag", "token"};
    for (const auto& [name, value] : o.all())
        if (!known.count(name)) return usageError("unknown option --" + name);
    if (!o.has("images")) return usageError("--images DIR is required");

    ExperimentConfig config;
    config.images = o.get("images");
    config.endpointUrl = o.get("endpoint");
    config.outCsv = o.get("out");
    config.resume = o.has("resume");
    config.runTag = o.get("run-tag");
    config.bearerToken = o.get("token");
    const auto uplink = parseBitRate(o.get("uplink", "8mbit"));
    if (!uplink || *uplink <= 0) return usageError("--uplink must be a rate such as 8mbit or 500kbit");
    const auto rtt = parseDurationMs(o.get("rtt", "40ms"));
    if (!rtt) return usageError("--rtt must be a duration such as 40ms");
    config.link.uplinkBitsPerSecond = *uplink;
    config.link.rttMs = *rtt;
    auto& m = config.measurement;
    if (!parseInt(o.get("target", "331"), 1, 4096, m.preprocess.target) ||
        (m.preprocess.target != 224 && m.preprocess.target != 299 && m.preprocess.target != 331))
        return usageError("--target must be 224, 299 or 331");
    if (!parseInt(o.get("quality", "90"), 1, 100, m.preprocess.jpegQuality))
        return usageError("--quality must be 1..100");
    if (!parseInt(o.get("repeat", "1"), 1, 1000000, config.repeat)) return usageError("--repeat must be >= 1");
    const auto sla = parseDurationMs(o.get("sla", "1000"));
    if (!sla) return usageError("--sla must be a duration in ms");
    m.slaMs = *sla;
    m.deviceSlowdown = std::atof(o.get("device-slowdown", "1").c_str());
    if (!(m.deviceSlowdown >= 1.0 && m.deviceSlowdown <= 100.0))
        return usageError("--device-slowdown must be between 1 and 100");
    if (m.deviceSlowdown > 1.0) m.deviceName = "emulated (k=" + o.get("device-slowdown") + ")";

    std::vector<std::unique_ptr<Strategy>> strategies;
    const std::string placement = o.get("placement", "both");
    if (placement == "device" || placement == "both")
        strategies.push_back(std::make_unique<StaticStrategy>(Placement::Device));
    if (placement == "cloud" || placement == "both")
        strategies.push_back(std::make_unique<StaticStrategy>(Placement::Cloud));
    if (strategies.empty()) return usageError("--placement must be device, cloud or both");

    ExperimentRunner runner(std::move(config), std::move(strategies));
    runner.onMessage([](const std::string& text) { std::fprintf(stderr, "%s\n", text.c_str()); });
    runner.onRecord([](const RequestRecord& r, const RunProgress& p) {
        if (r.ok())
            std::fprintf(stderr, "[%zu/%zu] %-14s %-40s %9.1f ms pre-exec (%8.0f B sent)  ETA %.0f s\n", p.done,
                         p.total, r.strategy.c_str(), r.image_name_orig.c_str(), r.preexecution_time, r.sent_size,
                         p.etaMs / 1000);
        else
            std::fprintf(stderr, "[%zu/%zu] %-14s %-40s ERROR %s\n", p.done, p.total, r.strategy.c_str(),
                         r.image_name_orig.c_str(), r.error.c_str());
    });
    RunControl control;
    activeRun = &control;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    auto result = runner.run(control);
    activeRun = nullptr;
    if (!result) {
        std::fprintf(stderr, "pieslicer-cli: %s\n", result.error().c_str());
        return 1;
    }
    if (result->stopped) std::fprintf(stderr, "interrupted: every finished request is written\n");
    std::fprintf(stderr, "endpoint %s, ping %.1f ms, clock offset %.1f ms\n", result->endpointUrl.c_str(),
                 result->pingMs, result->clockOffsetMs);
    std::fputs(formatSummaryTable(summarizeByStrategy(result->records)).c_str(), stdout);
    return result->stopped ? 130 : 0;
}

}  // namespace pieslicer::cli
