#include "run/summary_json.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <system_error>

#include "model/cost_profile.h"
#include "run/emulated_device.h"
#include "util/atomic_file.h"

namespace pieslicer {
namespace {

using nlohmann::json;

json confusionJson(const ConfusionMatrix& c) {
    return {{"tp", c.truePositive},
            {"fp", c.falsePositive},
            {"fn", c.falseNegative},
            {"tn", c.trueNegative}};
}

json savingsJson(const Savings& v) {
    // measured: false when the interval of the ms saved spans zero (no difference measured).
    auto one = [](double ms, const Interval& msCi, double pct, const Interval& pctCi) {
        return json{{"ms", intervalJson(ms, msCi)},
                    {"percent", intervalJson(pct, pctCi)},
                    {"difference_measured", !msCi.spansZero()}};
    };
    return {{"mean", one(v.meanMs, v.meanMsCi, v.meanPercent, v.meanPercentCi)},
            {"p50", one(v.p50Ms, v.p50MsCi, v.p50Percent, v.p50PercentCi)},
            {"p99", one(v.p99Ms, v.p99MsCi, v.p99Percent, v.p99PercentCi)}};
}

json strategyJson(const StrategyScore& s) {
    const auto& p = s.preexecution;
    const auto& ci = s.preexecutionCi;
    json savings = json::object();
    for (const auto& v : s.savings) savings[v.against] = savingsJson(v);
    const bool judged = s.judged > 0;
    return {
        {"strategy", s.strategy},
        {"algorithm", s.algorithm},
        {"counts",
         {{"requests", s.requests},
          {"errors", s.errors},
          {"judged", s.judged},
          {"decisive", s.decisive},
          {"near_ties", s.nearTies}}},
        {"preexecution_ms",
         {{"mean", intervalJson(p.mean, ci.mean)},
          {"p50", intervalJson(p.p50, ci.p50)},
          {"p90", intervalJson(p.p90, ci.p90)},
          {"p99", intervalJson(p.p99, ci.p99)}}},
        {"savings", savings},
        {"confusion", judged ? confusionJson(s.confusion) : json(nullptr)},
        {"precision", judged ? json(s.confusion.precision()) : json(nullptr)},
        {"recall", judged ? json(s.confusion.recall()) : json(nullptr)},
        {"f1", judged ? intervalJson(s.confusion.f1(), s.f1Ci) : json(nullptr)},
        {"decisive_confusion", s.decisive ? confusionJson(s.decisiveConfusion) : json(nullptr)},
        {"decisive_f1",
         s.decisive ? intervalJson(s.decisiveConfusion.f1(), s.decisiveF1Ci) : json(nullptr)},
        {"regret", judged ? json{{"ms", s.regretMs},
                                 {"percent_of_oracle", s.regretPercent},
                                 {"oracle_total_ms", s.oracleTotalMs}}
                          : json(nullptr)},
        {"prediction_ape_percent", s.predicted ? json{{"count", s.predicted},
                                                      {"p50", s.predictionMedianApe},
                                                      {"p90", s.predictionP90Ape}}
                                               : json(nullptr)},
    };
}

json configurationJson(const RunDescription& run, const ScoringOptions& options) {
    json profile = nullptr;
    if (run.hasProfile)
        profile = {
            {"name", run.profileName},
            {"device", run.profileDevice},
            {"mismatch", run.profileMismatch.empty() ? json(nullptr) : json(run.profileMismatch)},
            {"k", run.profileSlowdown},
            {"path", run.profilePath}};
    return {
        {"link",
         {{"uplink_mbps", run.uplinkMbps},
          {"rtt_ms", run.rttMs},
          {"tcp_model", run.tcpModel},
          {"warm_connection", run.warmConnection},
          {"trace", run.uplinkTrace.empty() ? json(nullptr) : json(run.uplinkTrace)}}},
        {"device", {{"name", run.device}, {"mode", run.deviceMode}, {"k", run.deviceSlowdown}}},
        {"profile", profile},
        {"target", run.target},
        {"quality", run.quality},
        {"repeat", run.repeat},
        {"independent_measurements", run.independentMeasurements},
        {"measured", run.provenance.empty()},
        {"provenance", run.provenance.empty() ? json(nullptr) : json(run.provenance)},
        {"decisive_margin", options.decisiveMargin},
        {"bootstrap",
         {{"resamples", options.bootstrap.resamples},
          {"seed", options.bootstrap.seed},
          {"level", options.bootstrap.level},
          {"resampled", "(image, repeat) keys, with replacement"}}},
    };
}

// What the endpoint ran for one strategy (issue 13), null when no row said.
json modelsJson(const std::string& strategy, const std::vector<ModelUse>& uses) {
    for (const ModelUse& u : uses)
        if (u.strategy == strategy)
            return {{"run", u.models},
                    {"weights", u.weights},
                    {"mean_top1_pct", u.meanTop1},
                    {"within_sla", u.withinSla},
                    {"top1_within_sla_pct", u.top1UnderSla}};
    return nullptr;
}

}  // namespace

json intervalJson(double value, const Interval& ci) {
    return {{"value", value}, {"ci", ci.valid ? json::array({ci.lo, ci.hi}) : json(nullptr)}};
}

RunDescription describeRun(const std::vector<RequestRecord>& records, const CostProfile* profile,
                           const std::string& profilePath) {
    RunDescription d;
    if (!records.empty()) {
        const RequestRecord& r = records.front();
        d.uplinkMbps = r.uplink_mbps;
        d.rttMs = r.rtt_ms;
        d.tcpModel = r.tcp_model;
        d.warmConnection = r.warm_connection != 0;
        d.uplinkTrace = r.uplink_trace;
        d.device = r.device;
        d.deviceMode = r.device_mode;
        d.deviceSlowdown = r.device_slowdown;
        d.target = r.target;
        d.quality = r.quality;
        d.provenance = r.provenance;
    }
    for (const auto& r : records) d.repeat = std::max(d.repeat, r.repeat + 1);
    // Without the profile at hand (calibrated on a worker, say) its device is in the rows.
    if (!records.empty()) d.profileDevice = records.front().profile_device;
    if (profile) {
        d.profileName = profile->name;
        d.profileDevice = profileDeviceLabel(*profile);
        d.profileSlowdown = profile->deviceSlowdown;
        d.profilePath = profilePath;
    }
    d.hasProfile = !d.profileDevice.empty();
    d.profileMismatch = predictionMismatch(d.profileDevice, d.device);
    d.modelUse = modelUseByStrategy(records);
    return d;
}

nlohmann::json summaryJson(const std::vector<StrategyScore>& scores, const RunDescription& run,
                           const ScoringOptions& options) {
    json strategies = json::array();
    for (const auto& s : scores) {
        strategies.push_back(strategyJson(s));
        strategies.back()["models"] = modelsJson(s.strategy, run.modelUse);
    }
    return {{"schema", "pieslicer-summary/1"},
            {"configuration", configurationJson(run, options)},
            {"strategies", strategies}};
}

Expected<bool> writeSummaryJson(const std::filesystem::path& path,
                                const std::vector<StrategyScore>& scores, const RunDescription& run,
                                const ScoringOptions& options) {
    return writeFileAtomically(path, summaryJson(scores, run, options).dump(2) + "\n");
}

}  // namespace pieslicer
