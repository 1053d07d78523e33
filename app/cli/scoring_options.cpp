#include "cli/scoring_options.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "cli/measurement_options.h"
#include "util/units.h"

namespace pieslicer::cli {

const char* const kScoringOptionNames[] = {"decisive-margin", "bootstrap", "bootstrap-seed",
                                           "summary-json", nullptr};

bool parseScoringOptions(const Options& o, ScoringOptions& options, std::string& error) {
    if (o.has("decisive-margin")) {
        std::string text = o.get("decisive-margin");
        if (!text.empty() && text.back() == '%') text.pop_back();
        const double pct = parseNumber(text).value_or(-1);
        if (!(pct >= 0 && pct <= 1000)) {
            error = "--decisive-margin must be a percentage from 0 to 1000, e.g. 10%";
            return false;
        }
        options.decisiveMargin = pct / 100;
    }
    if (!parseInt(o.get("bootstrap", std::to_string(options.bootstrap.resamples)), 0, 1000000,
                  options.bootstrap.resamples)) {
        error = "--bootstrap must be a number of resamples from 0 (none) to 1000000";
        return false;
    }
    if (o.has("bootstrap-seed")) {
        const std::string text = o.get("bootstrap-seed");
        char* end = nullptr;
        errno = 0;
        const unsigned long long seed = std::strtoull(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || !std::isdigit(static_cast<unsigned char>(text[0])) ||
            errno == ERANGE) {
            error = "--bootstrap-seed must be an integer from 0 to 2^64-1";
            return false;
        }
        options.bootstrap.seed = seed;
    }
    return true;
}

bool reportScores(const Options& o, const ScoringOptions& options,
                  const std::vector<RequestRecord>& records, const RunDescription& run) {
    const auto scores = scoreRun(records, options);
    std::fputs(formatComparisonTable(scores, options).c_str(), stdout);
    if (!o.has("summary-json")) return true;
    auto written = writeSummaryJson(o.get("summary-json"), scores, run, options);
    if (!written) {
        std::fprintf(stderr, "pieslicer-cli: %s\n", written.error().c_str());
        return false;
    }
    std::fprintf(stderr, "summary written to %s\n", o.get("summary-json").c_str());
    return true;
}

}  // namespace pieslicer::cli
