#include "net/delivery_trace.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace pieslicer {
namespace {

// Floor division for the trace's looping time (negative times do not occur, but keep it exact).
constexpr long long kMaxTraceMs = 86'400'000;

int64_t floorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

}  // namespace

Expected<DeliveryTrace> DeliveryTrace::parse(const std::string& text, std::string name) {
    DeliveryTrace t;
    t.name_ = std::move(name);
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos) continue;
        std::size_t used = 0;
        long long v = -1;
        try {
            v = std::stoll(line.substr(first), &used);
        } catch (const std::exception&) {
            return fail(t.name_ + " line " + std::to_string(lineNo) +
                        ": not a millisecond timestamp: '" + line + "'");
        }
        if (line.find_first_not_of(" \t\r", first + used) != std::string::npos || v < 0)
            return fail(t.name_ + " line " + std::to_string(lineNo) +
                        ": not a millisecond timestamp: '" + line + "'");
        // Times become microseconds from a run's start: a bound keeps that arithmetic exact
        // (a hostile 9e18 would overflow), and no real trace has a period of over a day.
        if (v > kMaxTraceMs)
            return fail(t.name_ + " line " + std::to_string(lineNo) +
                        ": timestamps over a day (86400000 ms) are not a delivery trace");
        if (!t.ms_.empty() && v < t.ms_.back())
            return fail(t.name_ + " line " + std::to_string(lineNo) +
                        ": timestamps must not decrease");
        t.ms_.push_back(v);
    }
    if (t.ms_.empty()) return fail(t.name_ + ": the trace has no delivery opportunities");
    t.periodMs_ = t.ms_.back();
    if (t.periodMs_ <= 0) return fail(t.name_ + ": the trace's last timestamp must be over 0 ms");
    // Times are kept within [0, period): the last line's instant is the next period's start.
    for (auto& v : t.ms_)
        if (v == t.periodMs_) v = 0;
    std::sort(t.ms_.begin(), t.ms_.end());
    return t;
}

Expected<DeliveryTrace> DeliveryTrace::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail("cannot read trace " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), std::filesystem::path(path).filename().string());
}

double DeliveryTrace::meanBitsPerSecond() const {
    return double(ms_.size()) * kBytesPerOpportunity * 8.0 * 1000.0 / double(periodMs_);
}

int64_t DeliveryTrace::opportunitiesIn(int64_t fromMs, int64_t toMs) const {
    // Count of opportunities at times <= t, for t >= 0 in looping time.
    auto upTo = [this](int64_t t) {
        const int64_t periods = floorDiv(t, periodMs_);
        const int64_t rest = t - periods * periodMs_;
        return periods * int64_t(ms_.size()) +
               int64_t(std::upper_bound(ms_.begin(), ms_.end(), rest) - ms_.begin());
    };
    if (toMs <= fromMs) return 0;
    return upTo(toMs - 1) - upTo(fromMs - 1);
}

double DeliveryTrace::bitsPerSecondOver(double fromMs, double toMs) const {
    const int64_t from = int64_t(fromMs), to = std::max(from + 1, int64_t(toMs));
    return double(opportunitiesIn(from, to)) * kBytesPerOpportunity * 8.0 * 1000.0 /
           double(to - from);
}

int64_t DeliveryTrace::firstOpportunityAtOrAfter(int64_t ms) const {
    const int64_t periods = floorDiv(ms, periodMs_);
    const int64_t rest = ms - periods * periodMs_;
    const auto within = std::lower_bound(ms_.begin(), ms_.end(), rest) - ms_.begin();
    return periods * int64_t(ms_.size()) + within;  // == the next period's first when past the end
}

int64_t DeliveryTrace::opportunityMs(int64_t index) const {
    const int64_t n = int64_t(ms_.size());
    const int64_t periods = floorDiv(index, n);
    return periods * periodMs_ + ms_[std::size_t(index - periods * n)];
}

}  // namespace pieslicer
