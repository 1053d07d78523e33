#include "cli/commands.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "cli/cli_options.h"
#include "cli/measurement_options.h"
#include "cli/run_support.h"
#include "cli/scoring_options.h"
#include "model/model_use.h"
#include "model/scoring.h"
#include "run/experiment.h"
#include "run/link_fidelity.h"
#include "run/run_profile.h"
#include "strategy/strategy_factory.h"
#include "util/units.h"

namespace pieslicer::cli {
namespace {

RunControl* activeRun = nullptr;

void onInterrupt(int) {
    // First Ctrl-C or SIGTERM: abandon the request in flight (an endpoint may never finish
    // it) and end with every finished record written. A second one kills at once.
    if (activeRun) {
        activeRun->abandon = true;
        activeRun->stop = true;
    }
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

int usageError(const std::string& message) {
    std::fprintf(stderr, "pieslicer-cli: %s (see pieslicer-cli --help)\n", message.c_str());
    return 2;
}

void printLine(const std::string& text) { std::fprintf(stderr, "%s\n", text.c_str()); }

// The strategy ids to run: --strategies, else the --placement shorthand.
bool selectStrategies(const Options& o, std::vector<std::string>& ids, std::string& error) {
    if (o.has("strategies")) {
        ids = splitList(o.get("strategies"));
        if (ids.empty()) error = "--strategies needs at least one id";
        return !ids.empty();
    }
    const std::string placement = o.get("placement", "both");
    if (placement == "device" || placement == "both") ids.push_back(strategy_id::kStaticDevice);
    if (placement == "cloud" || placement == "both") ids.push_back(strategy_id::kStaticCloud);
    if (ids.empty()) error = "--placement must be device, cloud or both";
    return !ids.empty();
}

}  // namespace

Expected<std::shared_ptr<const CostProfile>> givenProfile(const Options& o,
                                                          ExperimentConfig& config) {
    auto& m = config.measurement;
    if (!o.has("profile")) return std::shared_ptr<const CostProfile>();
    auto loaded = loadProfile(o.get("profile"));
    if (!loaded) return fail(loaded.error());
    CostProfile p = loaded.value();
    // Unless told otherwise, run at the profile's model input and quality.
    if (!o.has("target")) m.preprocess.target = p.target;
    if (!o.has("quality")) m.preprocess.jpegQuality = p.quality;
    p.target = m.preprocess.target;
    p.quality = m.preprocess.jpegQuality;
    if (!p.sentBytesModel())
        std::fprintf(
            stderr,
            "warning: profile has no preprocessed-size model for target %d quality %d; using the "
            "prototype's 0.127 MB (calibrate with these settings for better predictions)\n",
            p.target, p.quality);
    // Unless the device is given, the one the profile describes is emulated.
    if (!o.has("device-slowdown") && !o.has("emulate")) {
        auto phone = emulatedPhone(p.phone, EmulationMode::PaperModel);
        if (p.emulation == EmulationMode::PaperModel && phone) {
            m.device = phone.value();
        } else {
            m.device = scaledDevice(p.deviceSlowdown);
            if (m.device.emulated()) m.device.phone = p.phone;
        }
    } else if (p.emulation == EmulationMode::Scaled && m.device.mode == EmulationMode::Scaled &&
               m.device.slowdown != p.deviceSlowdown) {
        // A scaled device k' instead of k: f scales by k'/k.
        p = withDeviceSlowdown(p, m.device.slowdown);
    }
    if (m.device.emulated()) std::fprintf(stderr, "device: %s\n", m.device.label().c_str());
    return std::make_shared<const CostProfile>(std::move(p));
}

void printRecordProgress(const RequestRecord& r, const RunProgress& p) {
    if (r.ok())
        std::fprintf(stderr,
                     "[%zu/%zu] %-22s %-40s %-6s %9.1f ms pre-exec (predicted %7.1f, %8.0f B "
                     "sent)  ETA %.0f s\n",
                     p.done, p.total, r.strategy.c_str(), r.image_name_orig.c_str(),
                     r.preprocess_location.c_str(), r.preexecution_time,
                     r.preexecution_time_estimate, r.sent_size, p.etaMs / 1000);
    else
        std::fprintf(stderr, "[%zu/%zu] %-22s %-40s ERROR %s\n", p.done, p.total,
                     r.strategy.c_str(), r.image_name_orig.c_str(), r.error.c_str());
}

Expected<std::vector<std::unique_ptr<Strategy>>> strategiesForRun(
    const Options& o, ExperimentConfig& config, const std::vector<std::string>& ids,
    std::shared_ptr<const CostProfile>* used) {
    auto given = givenProfile(o, config);
    if (!given) return fail(given.error());
    RunProfileChoice choice{ids, given.value(),
                            config.outCsv.empty() ? "" : config.outCsv + ".profile.json"};
    if (needsCalibrationFirst(choice))
        std::fprintf(stderr,
                     "no --profile given: calibrating first on up to %zu of these images at the "
                     "current link (save one with `pieslicer-cli calibrate` to skip this)\n",
                     kRunCalibrationImages);
    choice.cacheDir = o.get("profile-cache");
    auto prepared = prepareRunStrategies(choice, config, printLine);
    if (!prepared) return fail(prepared.error());
    std::fputs(prepared->calibrationReport.c_str(), stderr);
    if (used) *used = prepared->profile;
    if (prepared->profile) {
        config.measurement.profileDevice = profileDeviceLabel(*prepared->profile);
        std::fprintf(stderr, "predicting with the profile of %s (%s)\n",
                     config.measurement.profileDevice.c_str(), prepared->profileSource.c_str());
    }
    if (!prepared->mismatch.empty())
        std::fprintf(stderr, "warning: %s: predictions describe another device\n",
                     prepared->mismatch.c_str());
    return std::move(prepared->strategies);
}

bool experimentConfigFrom(const Options& o, ExperimentConfig& config, std::string& error) {
    config.images = o.get("images");
    config.endpointUrl = o.get("endpoint");
    config.outCsv = o.get("out");
    config.runTag = o.get("run-tag");
    config.bearerToken = o.get("token");
    if (!parseMeasurementOptions(o, config.link, config.measurement, error)) return false;
    if (!parseInt(o.get("repeat", "1"), 1, 1000000, config.repeat)) {
        error = "--repeat must be >= 1";
        return false;
    }
    return true;
}

InterruptGuard::InterruptGuard(RunControl& control) {
    activeRun = &control;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
}

InterruptGuard::~InterruptGuard() { activeRun = nullptr; }

std::optional<RunResult> runExperiment(ExperimentConfig config,
                                       std::vector<std::unique_ptr<Strategy>> strategies) {
    ExperimentRunner runner(std::move(config), std::move(strategies));
    runner.onMessage(printLine);
    runner.onRecord(printRecordProgress);
    RunControl control;
    InterruptGuard interrupts(control);
    auto result = runner.run(control);
    if (!result) {
        std::fprintf(stderr, "pieslicer-cli: %s\n", result.error().c_str());
        return std::nullopt;
    }
    return std::move(result.value());
}

int runCommand(const std::vector<std::string>& args) {
    std::string error;
    auto parsed = Options::parse(args, withMeasurementFlags({"resume", "independent"}), error);
    if (!parsed) return usageError(error);
    const Options& o = *parsed;
    std::set<std::string> known = {
        "images", "endpoint", "placement", "strategies",  "profile",   "repeat",        "out",
        "resume", "run-tag",  "token",     "independent", "estimator", "profile-cache", "sqlite"};
    for (const char* const* n = kMeasurementOptionNames; *n; ++n) known.insert(*n);
    known.insert("forgetting");
    for (const char* const* n = kScoringOptionNames; *n; ++n) known.insert(*n);
    for (const auto& [name, value] : o.all())
        if (!known.count(name)) return usageError("unknown option --" + name);
    if (!o.has("images")) return usageError("--images DIR is required");
    ScoringOptions scoring;
    if (!parseScoringOptions(o, scoring, error)) return usageError(error);
    if (o.has("strategies") && o.has("placement"))
        return usageError("give --strategies or --placement, not both");

    ExperimentConfig config;
    if (!experimentConfigFrom(o, config, error)) return usageError(error);
    config.resume = o.has("resume");
    config.outSqlite = o.get("sqlite");
    config.independentMeasurements = o.has("independent");

    std::vector<std::string> ids;
    if (!selectStrategies(o, ids, error)) return usageError(error);
    if (o.has("estimator")) {
        // --estimator NAME: plain pieslicer-corrected predicts from that estimator's rate.
        const std::string id = std::string(strategy_id::kCorrected) + ":" + o.get("estimator");
        if (!isStrategyId(id)) return usageError(makeStrategy(id, nullptr).error());
        if (std::find(ids.begin(), ids.end(), strategy_id::kCorrected) == ids.end())
            return usageError("--estimator applies to pieslicer-corrected; add it to --strategies");
        std::replace(ids.begin(), ids.end(), std::string(strategy_id::kCorrected), id);
    }
    if (o.has("forgetting")) {
        // --forgetting LAMBDA: pieslicer-online's RLS forgetting factor.
        auto withLambda = withForgetting(ids, o.get("forgetting"));
        if (!withLambda) return usageError(withLambda.error());
        ids = withLambda.value();
    }
    for (const auto& id : ids)
        if (!isStrategyId(id)) return usageError(makeStrategy(id, nullptr).error());
    std::shared_ptr<const CostProfile> profile;
    auto strategies = strategiesForRun(o, config, ids, &profile);
    if (!strategies) {
        std::fprintf(stderr, "pieslicer-cli: %s\n", strategies.error().c_str());
        return 1;
    }

    const bool independent = config.independentMeasurements;
    auto result = runExperiment(std::move(config), std::move(strategies.value()));
    if (!result) return 1;
    if (result->stopped) std::fprintf(stderr, "interrupted: every finished request is written\n");
    std::fprintf(stderr, "endpoint %s, ping %.1f ms, clock offset %.1f ms\n",
                 result->endpointUrl.c_str(), result->pingMs, result->clockOffsetMs);
    RunDescription run = describeRun(result->records, profile.get(), o.get("profile"));
    run.independentMeasurements = independent;
    const bool reported = reportScores(o, scoring, result->records, run);
    std::fputs(formatLinkFidelity(checkLinkFidelity(result->records)).c_str(), stdout);
    std::fputs(formatModelUse(modelUseByStrategy(result->records)).c_str(), stdout);
    if (!reported) return 1;
    return result->stopped ? 130 : 0;
}

}  // namespace pieslicer::cli
