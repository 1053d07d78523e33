// formatComparisonTable() and the text forms of savings and intervals (scoring.h).
#include <cstdio>

#include "domain/device_emulation.h"
#include "model/scoring.h"

namespace pieslicer {

std::string formatWithInterval(double value, const Interval& ci, int decimals) {
    char text[96];
    if (ci.valid)
        std::snprintf(text, sizeof text, "%.*f [%.*f, %.*f]", decimals, value, decimals, ci.lo,
                      decimals, ci.hi);
    else
        std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string formatSaving(double ms, double percent, const Interval& msCi) {
    char text[128];
    if (msCi.spansZero())
        std::snprintf(text, sizeof text, "%s [%+.1f, %+.1f]", kNoDifferenceMeasured, msCi.lo,
                      msCi.hi);
    else if (msCi.valid)
        std::snprintf(text, sizeof text, "%+.1f ms (%+.1f%%) [%+.1f, %+.1f]", ms, percent, msCi.lo,
                      msCi.hi);
    else
        std::snprintf(text, sizeof text, "%+.1f ms (%+.1f%%)", ms, percent);
    return text;
}

namespace {

// The table's header and one line per strategy.
std::string scoreLines(const std::vector<StrategyScore>& scores) {
    std::string out;
    char line[640];
    std::snprintf(line, sizeof line,
                  "%-30s %5s %4s | %8s %8s %8s %8s | %6s %6s %6s %6s %6s | %6s %5s %5s | %10s "
                  "%7s | %7s %7s\n",
                  "strategy", "ok", "err", "mean", "p50", "p90", "p99", "prec", "recall", "F1",
                  "acc", "judged", "dec F1", "dec", "ties", "regret ms", "regret", "APE p50",
                  "APE p90");
    out += line;
    for (const auto& s : scores) {
        const auto& p = s.preexecution;
        const auto& c = s.confusion;
        char decision[64] = "     -      -      -      -      -";
        char decisive[48] = "     -     -     -";
        char regret[48] = "         -       -", ape[32] = "      -       -";
        if (s.judged) {
            std::snprintf(decision, sizeof decision, "%6.3f %6.3f %6.3f %6.3f %6zu", c.precision(),
                          c.recall(), c.f1(), c.accuracy(), s.judged);
            std::snprintf(regret, sizeof regret, "%10.1f %6.2f%%", s.regretMs, s.regretPercent);
            if (s.decisive)
                std::snprintf(decisive, sizeof decisive, "%6.3f %5zu %5zu",
                              s.decisiveConfusion.f1(), s.decisive, s.nearTies);
            else
                std::snprintf(decisive, sizeof decisive, "     - %5zu %5zu", s.decisive,
                              s.nearTies);
        }
        if (s.predicted)
            std::snprintf(ape, sizeof ape, "%6.1f%% %6.1f%%", s.predictionMedianApe,
                          s.predictionP90Ape);
        std::snprintf(line, sizeof line,
                      "%-30s %5zu %4zu | %8.1f %8.1f %8.1f %8.1f | %s | %s | %s | %s\n",
                      s.strategy.c_str(), s.requests - s.errors, s.errors, p.mean, p.p50, p.p90,
                      p.p99, decision, decisive, regret, ape);
        out += line;
    }
    return out;
}

// Each strategy's latencies and F1s with their intervals, when they were resampled.
std::string intervalLines(const std::vector<StrategyScore>& scores, const ScoringOptions& o) {
    bool any = false;
    for (const auto& s : scores) any = any || s.preexecutionCi.mean.valid;
    if (!any) return {};
    std::string out;
    char line[640];
    std::snprintf(line, sizeof line,
                  "\n%.0f%% intervals (bootstrap: %d resamples of the images, seed %llu), ms:\n",
                  100 * o.bootstrap.level, o.bootstrap.resamples,
                  static_cast<unsigned long long>(o.bootstrap.seed));
    out += line;
    for (const auto& s : scores) {
        const auto& p = s.preexecution;
        const auto& ci = s.preexecutionCi;
        std::string text = "mean " + formatWithInterval(p.mean, ci.mean) + "  p50 " +
                           formatWithInterval(p.p50, ci.p50) + "  p90 " +
                           formatWithInterval(p.p90, ci.p90) + "  p99 " +
                           formatWithInterval(p.p99, ci.p99);
        if (s.judged) text += "  F1 " + formatWithInterval(s.confusion.f1(), s.f1Ci, 3);
        if (s.decisive)
            text +=
                "  decisive F1 " + formatWithInterval(s.decisiveConfusion.f1(), s.decisiveF1Ci, 3);
        std::snprintf(line, sizeof line, "%-30s %s\n", s.strategy.c_str(), text.c_str());
        out += line;
    }
    return out;
}

// Savings against the statics, when any, and the confusion matrices.
std::string savingsAndConfusion(const std::vector<StrategyScore>& scores) {
    std::string out;
    char line[640];
    bool anySavings = false;
    for (const auto& s : scores) anySavings = anySavings || !s.savings.empty();
    if (anySavings) {
        out += "\nsavings (positive = faster than the static strategy; ms, %, interval in ms):\n";
        for (const auto& s : scores)
            for (const auto& v : s.savings) {
                std::snprintf(line, sizeof line, "%-30s vs %-14s mean %s  p50 %s  p99 %s\n",
                              s.strategy.c_str(), v.against.c_str(),
                              formatSaving(v.meanMs, v.meanPercent, v.meanMsCi).c_str(),
                              formatSaving(v.p50Ms, v.p50Percent, v.p50MsCi).c_str(),
                              formatSaving(v.p99Ms, v.p99Percent, v.p99MsCi).c_str());
                out += line;
            }
    }
    out += "\nconfusion matrices against the oracle (device = positive): TP FP FN TN";
    out += "   decisive only: TP FP FN TN\n";
    for (const auto& s : scores) {
        if (!s.judged) continue;
        const auto& c = s.confusion;
        const auto& d = s.decisiveConfusion;
        std::snprintf(line, sizeof line, "%-30s %5zu %5zu %5zu %5zu   %5zu %5zu %5zu %5zu\n",
                      s.strategy.c_str(), c.truePositive, c.falsePositive, c.falseNegative,
                      c.trueNegative, d.truePositive, d.falsePositive, d.falseNegative,
                      d.trueNegative);
        out += line;
    }
    return out;
}

// The device, whether rows were shared (paired design), and how to read the table.
std::string tableNotes(const std::vector<StrategyScore>& scores, const ScoringOptions& o) {
    std::string out;
    char line[512];
    if (!scores.empty()) {
        const auto& s = scores.front();
        if (s.deviceSlowdown > 1.0)
            std::snprintf(line, sizeof line,
                          "device: %s, emulated: on-device stages stretched to k = %.2f times\n",
                          s.device.c_str(), s.deviceSlowdown);
        else if (!s.deviceMode.empty() && s.deviceMode != "this-machine")
            std::snprintf(line, sizeof line, "device: %s, emulated (%s)\n", s.device.c_str(),
                          s.deviceMode.c_str());
        else
            std::snprintf(line, sizeof line, "device: %s (not emulated, k = 1)\n",
                          s.device.c_str());
        out += line;
        if (const std::string mismatch = predictionMismatch(s.profileDevice, s.device);
            !mismatch.empty())
            out += "WARNING: " + mismatch + ": the predictions describe another device\n";
        else if (!s.profileDevice.empty())
            out += "predictions: a profile of this device\n";
    }
    std::size_t rows = 0, shared = 0;
    for (const auto& s : scores) rows += s.requests, shared += s.sharedRows;
    if (shared > 0) {
        std::snprintf(line, sizeof line,
                      "paired: %zu of %zu rows report a measurement shared with another "
                      "strategy that chose the same order\n(same measurement_id), so the "
                      "differences between strategies are their decisions\n",
                      shared, rows);
        out += line;
    }
    out +=
        "(pre-execution times in ms; F1 etc. against the oracle, or the faster static row when no "
        "oracle ran;\n regret = ms lost on wrong choices, and as % of the oracle's total; APE = "
        "|predicted - measured| / measured of the chosen order)\n";
    std::snprintf(line, sizeof line,
                  "(dec F1 = F1 over the decisive images only, whose two orders differ by more "
                  "than %g%% of the faster;\n ties = near-ties within that margin, dec = "
                  "decisive images)\n",
                  100 * o.decisiveMargin);
    out += line;
    return out;
}

}  // namespace

std::string formatComparisonTable(const std::vector<StrategyScore>& scores,
                                  const ScoringOptions& options) {
    return scoreLines(scores) + intervalLines(scores, options) + savingsAndConfusion(scores) +
           tableNotes(scores, options);
}

}  // namespace pieslicer
