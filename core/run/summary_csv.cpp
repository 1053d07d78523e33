#include "run/summary_csv.h"

#include <fstream>
#include <system_error>

#include "util/atomic_file.h"

namespace pieslicer {
namespace {

std::string quoted(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// One row; an invalid interval leaves its cells empty, and `measured` is written only for
// differences ("yes"/"no").
void addRow(std::string& out, const std::string& strategy, const std::string& statistic,
            const std::string& against, double value, const Interval& ci = {},
            bool difference = false) {
    out += quoted(strategy) + "," + statistic + "," + quoted(against) + "," + realFieldText(value);
    out += "," + (ci.valid ? realFieldText(ci.lo) : "") + "," +
           (ci.valid ? realFieldText(ci.hi) : "") + ",";
    if (difference && ci.valid) out += ci.spansZero() ? "no" : "yes";
    out += "\n";
}

void addStrategy(std::string& out, const StrategyScore& s) {
    const std::string& id = s.strategy;
    addRow(out, id, "requests", "", double(s.requests));
    addRow(out, id, "errors", "", double(s.errors));
    const auto& p = s.preexecution;
    const auto& ci = s.preexecutionCi;
    addRow(out, id, "preexecution_mean_ms", "", p.mean, ci.mean);
    addRow(out, id, "preexecution_p50_ms", "", p.p50, ci.p50);
    addRow(out, id, "preexecution_p90_ms", "", p.p90, ci.p90);
    addRow(out, id, "preexecution_p99_ms", "", p.p99, ci.p99);
    for (const auto& v : s.savings) {
        addRow(out, id, "saving_mean_ms", v.against, v.meanMs, v.meanMsCi, true);
        addRow(out, id, "saving_mean_percent", v.against, v.meanPercent, v.meanPercentCi, true);
        addRow(out, id, "saving_p50_ms", v.against, v.p50Ms, v.p50MsCi, true);
        addRow(out, id, "saving_p50_percent", v.against, v.p50Percent, v.p50PercentCi, true);
        addRow(out, id, "saving_p99_ms", v.against, v.p99Ms, v.p99MsCi, true);
        addRow(out, id, "saving_p99_percent", v.against, v.p99Percent, v.p99PercentCi, true);
    }
    if (s.judged) {
        addRow(out, id, "judged", "oracle", double(s.judged));
        addRow(out, id, "decisive", "oracle", double(s.decisive));
        addRow(out, id, "near_ties", "oracle", double(s.nearTies));
        addRow(out, id, "precision", "oracle", s.confusion.precision());
        addRow(out, id, "recall", "oracle", s.confusion.recall());
        addRow(out, id, "f1", "oracle", s.confusion.f1(), s.f1Ci);
        if (s.decisive)
            addRow(out, id, "decisive_f1", "oracle", s.decisiveConfusion.f1(), s.decisiveF1Ci);
        addRow(out, id, "regret_ms", "oracle", s.regretMs);
        addRow(out, id, "regret_percent_of_oracle", "oracle", s.regretPercent);
    }
    if (s.predicted) {
        addRow(out, id, "prediction_ape_p50_percent", "", s.predictionMedianApe);
        addRow(out, id, "prediction_ape_p90_percent", "", s.predictionP90Ape);
    }
}

}  // namespace

std::string scoresCsv(const std::vector<StrategyScore>& scores) {
    std::string out = "strategy,statistic,against,value,ci_low,ci_high,difference_measured\n";
    for (const auto& s : scores) addStrategy(out, s);
    return out;
}

Expected<bool> writeScoresCsv(const std::filesystem::path& path,
                              const std::vector<StrategyScore>& scores) {
    return writeFileAtomically(path, scoresCsv(scores));
}

}  // namespace pieslicer
