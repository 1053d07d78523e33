// pieslicer-cli estimators: one paired run of pieslicer-corrected with every bandwidth
// estimator side by side over a delivery trace, scored against the oracle.
#include <algorithm>
#include <cstdio>
#include <set>

#include "cli/commands.h"
#include "cli/measurement_options.h"
#include "cli/run_support.h"
#include "domain/strategy_ids.h"
#include "model/estimator_scoring.h"
#include "model/scoring.h"
#include "net/bandwidth_estimator.h"
#include "run/link_fidelity.h"
#include "strategy/strategy_factory.h"

namespace pieslicer::cli {

int estimatorsCommand(const std::vector<std::string>& givenArgs) {
    auto usage = [](const std::string& message) {
        std::fprintf(stderr, "pieslicer-cli estimators: %s (see pieslicer-cli --help)\n",
                     message.c_str());
        return 2;
    };
    // --trace is the uplink trace: the shared link options know it as --uplink-trace.
    std::vector<std::string> args = givenArgs;
    for (auto& a : args)
        if (a == "--trace") a = "--uplink-trace";
    std::string error;
    auto parsed = Options::parse(args, withMeasurementFlags({}), error);
    if (!parsed) return usage(error);
    const Options& o = *parsed;
    std::set<std::string> known = {"images",  "endpoint", "profile", "out",
                                   "run-tag", "token",    "repeat",  "estimators"};
    for (const char* const* n = kMeasurementOptionNames; *n; ++n) known.insert(*n);
    for (const auto& [name, value] : o.all())
        if (!known.count(name)) return usage("unknown option --" + name);
    if (!o.has("images")) return usage("--images DIR is required");
    if (!o.has("uplink-trace")) return usage("--trace FILE is required");

    ExperimentConfig config;
    if (!experimentConfigFrom(o, config, error)) return usage(error);

    // The oracle and the statics give the verdicts; plain pieslicer (the trace's mean rate)
    // and pieslicer-corrected (an additive delta) are the baselines the estimators replace.
    std::vector<std::string> ids = {strategy_id::kOracle, strategy_id::kStaticDevice,
                                    strategy_id::kStaticCloud, strategy_id::kPieSlicer,
                                    strategy_id::kCorrected};
    const auto names =
        o.has("estimators") ? splitList(o.get("estimators")) : bandwidthEstimatorNames();
    for (const auto& name : names) {
        const std::string id = std::string(strategy_id::kCorrected) + ":" + name;
        auto check = makeStrategy(id, nullptr);
        if (!isStrategyId(id)) return usage(check.error());
        ids.push_back(id);
    }
    auto strategies = strategiesForRun(o, config, ids);
    if (!strategies) {
        std::fprintf(stderr, "pieslicer-cli: %s\n", strategies.error().c_str());
        return 1;
    }
    std::fprintf(stderr, "link: %s\n", config.link.describe().c_str());

    auto result = runExperiment(std::move(config), std::move(strategies.value()));
    if (!result) return 1;
    if (result->stopped) std::fprintf(stderr, "interrupted: scoring what was measured\n");
    std::fputs(formatComparisonTable(scoreRun(result->records)).c_str(), stdout);
    std::fputs("\n", stdout);
    std::fputs(formatEstimatorTable(scoreEstimators(result->records)).c_str(), stdout);
    std::fputs(formatLinkFidelity(checkLinkFidelity(result->records)).c_str(), stdout);
    return result->stopped ? 130 : 0;
}

}  // namespace pieslicer::cli
