#include "model/estimator_scoring.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <utility>

#include "domain/strategy_ids.h"
#include "model/scoring.h"
#include "util/stats.h"

namespace pieslicer {
namespace {

using RowKey = std::pair<std::string, int>;  // image_name_orig, repeat

bool isStep(double fromMbps, double toMbps) {
    if (fromMbps <= 0 || toMbps <= 0) return false;
    return std::max(fromMbps / toMbps, toMbps / fromMbps) >= kRateStepFactor;
}

// The oracle's rows give the run's order of images and the true rate at each.
struct OracleTimeline {
    std::vector<const RequestRecord*> rows;
    std::map<RowKey, std::size_t> indexOf;
    std::vector<std::size_t> stepAt;  // indices where the rate stepped by kRateStepFactor
};

OracleTimeline oracleTimeline(const std::vector<RequestRecord>& records) {
    OracleTimeline t;
    for (const auto& r : records) {
        if (r.strategy != strategy_id::kOracle || !r.ok()) continue;
        if (t.indexOf.emplace(RowKey{r.image_name_orig, r.repeat}, t.rows.size()).second)
            t.rows.push_back(&r);
    }
    for (std::size_t i = 1; i < t.rows.size(); ++i)
        if (isStep(t.rows[i - 1]->link_rate_mbps, t.rows[i]->link_rate_mbps)) t.stepAt.push_back(i);
    return t;
}

// Requests, the estimator's name and |estimate - true rate| of one strategy's rows; the
// rows are also placed on the oracle's timeline (`rowAt`).
void scoreEstimates(const std::vector<RequestRecord>& records, const OracleTimeline& t,
                    EstimatorScore& s, std::vector<const RequestRecord*>& rowAt) {
    std::vector<double> errMbps, errPct;
    for (const auto& r : records) {
        if (r.strategy != s.strategy || !r.ok()) continue;
        ++s.requests;
        if (s.estimator.empty())
            s.estimator = r.bandwidth_estimator.empty() ? "(configured)" : r.bandwidth_estimator;
        const auto at = t.indexOf.find({r.image_name_orig, r.repeat});
        if (at != t.indexOf.end()) rowAt[at->second] = &r;
        const double estimate =
            r.bandwidth_estimator.empty() ? r.uplink_mbps : r.estimated_uplink_mbps;
        if (estimate > 0 && r.link_rate_mbps > 0) {
            errMbps.push_back(std::fabs(estimate - r.link_rate_mbps));
            errPct.push_back(100 * errMbps.back() / r.link_rate_mbps);
        }
    }
    s.estimated = errMbps.size();
    if (!s.estimated) return;
    s.medianAbsErrorMbps = percentile(errMbps, 0.5);
    s.p90AbsErrorMbps = percentile(errMbps, 0.9);
    s.medianAbsErrorPct = percentile(errPct, 0.5);
    s.p90AbsErrorPct = percentile(errPct, 0.9);
}

// Mismatches with the oracle overall and after each rate step.
void scoreAgainstOracle(const OracleTimeline& t, const std::vector<const RequestRecord*>& rowAt,
                        EstimatorScore& s) {
    auto mismatch = [&](std::size_t i) {
        return rowAt[i] && rowAt[i]->preprocess_location != t.rows[i]->preprocess_location;
    };
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        if (!rowAt[i]) continue;
        s.oracleTotalMs += t.rows[i]->preexecution_time;
        if (mismatch(i)) ++s.mismatches;
    }
    for (std::size_t k = 0; k < t.stepAt.size(); ++k) {
        StepRecovery step;
        step.index = t.stepAt[k];
        step.fromMbps = t.rows[step.index - 1]->link_rate_mbps;
        step.toMbps = t.rows[step.index]->link_rate_mbps;
        const std::size_t end = k + 1 < t.stepAt.size() ? t.stepAt[k + 1] : t.rows.size();
        for (std::size_t i = step.index; i < end; ++i) {
            if (!rowAt[i]) continue;
            ++step.images;
            if (!mismatch(i)) continue;
            ++step.mismatches;
            step.requestsToRecover = i - step.index + 1;
        }
        s.steps.push_back(step);
    }
}

}  // namespace

std::vector<EstimatorScore> scoreEstimators(const std::vector<RequestRecord>& records) {
    const OracleTimeline timeline = oracleTimeline(records);
    if (timeline.rows.empty()) return {};
    std::vector<std::string> ids;
    for (const auto& r : records)
        if (r.strategy.rfind(strategy_id::kPieSlicer, 0) == 0 &&
            std::find(ids.begin(), ids.end(), r.strategy) == ids.end())
            ids.push_back(r.strategy);
    const auto runScores = scoreRun(records);

    std::vector<EstimatorScore> out;
    for (const auto& id : ids) {
        EstimatorScore s;
        s.strategy = id;
        std::vector<const RequestRecord*> rowAt(timeline.rows.size(), nullptr);
        scoreEstimates(records, timeline, s, rowAt);
        scoreAgainstOracle(timeline, rowAt, s);
        for (const auto& rs : runScores)
            if (rs.strategy == id) s.regretMs = rs.regretMs;
        s.regretPercent = s.oracleTotalMs > 0 ? 100 * s.regretMs / s.oracleTotalMs : 0;
        out.push_back(std::move(s));
    }
    return out;
}

std::string formatEstimatorTable(const std::vector<EstimatorScore>& scores) {
    std::string out;
    char line[512];
    std::snprintf(line, sizeof line, "%-36s %-12s %4s %22s %22s %20s %5s\n", "strategy",
                  "estimator", "n", "|est-true| p50 Mbit/s", "|est-true| p90 Mbit/s",
                  "regret ms (% oracle)", "miss");
    out += line;
    for (const auto& s : scores) {
        char p50[64] = "-", p90[64] = "-", regret[64];
        if (s.estimated) {
            std::snprintf(p50, sizeof p50, "%.2f (%.0f%%)", s.medianAbsErrorMbps,
                          s.medianAbsErrorPct);
            std::snprintf(p90, sizeof p90, "%.2f (%.0f%%)", s.p90AbsErrorMbps, s.p90AbsErrorPct);
        }
        std::snprintf(regret, sizeof regret, "%.1f (%.1f%%)", s.regretMs, s.regretPercent);
        std::snprintf(line, sizeof line, "%-36s %-12s %4zu %22s %22s %20s %5zu\n",
                      s.strategy.c_str(), s.estimator.c_str(), s.requests, p50, p90, regret,
                      s.mismatches);
        out += line;
    }
    if (scores.empty() || scores.front().steps.empty()) {
        out += "no step of " + std::to_string(int(kRateStepFactor)) +
               "x or more in the true rate between consecutive images\n";
        return out;
    }
    out +=
        "\nrequests after each step until decisions agree with the oracle's to the next step\n"
        "(mismatches/images in brackets):\n";
    std::snprintf(line, sizeof line, "%-36s", "step at image (Mbit/s)");
    out += line;
    for (const auto& st : scores.front().steps) {
        char head[64];
        std::snprintf(head, sizeof head, "#%zu %.1f->%.1f", st.index, st.fromMbps, st.toMbps);
        std::snprintf(line, sizeof line, " %18s", head);
        out += line;
    }
    out += "\n";
    for (const auto& s : scores) {
        std::snprintf(line, sizeof line, "%-36s", s.strategy.c_str());
        out += line;
        for (const auto& st : s.steps) {
            char cell[64];
            std::snprintf(cell, sizeof cell, "%zu (%zu/%zu)", st.requestsToRecover, st.mismatches,
                          st.images);
            std::snprintf(line, sizeof line, " %18s", cell);
            out += line;
        }
        out += "\n";
    }
    return out;
}

}  // namespace pieslicer
