#pragma once
// A Mahimahi delivery trace: each line is a millisecond at which one 1500-byte packet
// may leave the bottleneck; the trace repeats with the period of its last line. An
// opportunity nobody uses is lost, and a packet may use what the previous one left of
// an opportunity (Mahimahi's byte accounting), so a trace's rate is the same for any
// packet size.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "util/expected.h"

namespace pieslicer {

class DeliveryTrace {
  public:
    static constexpr std::size_t kBytesPerOpportunity = 1500;

    // From the text of a trace file; `name` labels it in records and charts.
    static Expected<DeliveryTrace> parse(const std::string& text, std::string name);
    static Expected<DeliveryTrace> load(const std::string& path);

    const std::string& name() const { return name_; }
    int64_t periodMs() const { return periodMs_; }
    std::size_t opportunitiesPerPeriod() const { return ms_.size(); }
    double meanBitsPerSecond() const;
    // The rate the trace offers over [fromMs, toMs) of its own (looping) time.
    double bitsPerSecondOver(double fromMs, double toMs) const;
    // Opportunities are numbered from 0 at trace time 0, across periods (several may share
    // a millisecond). The first one at or after `ms`, and the time of the k-th.
    int64_t firstOpportunityAtOrAfter(int64_t ms) const;
    int64_t opportunityMs(int64_t index) const;
    // Opportunities in [fromMs, toMs).
    int64_t opportunitiesIn(int64_t fromMs, int64_t toMs) const;

  private:
    std::string name_;
    std::vector<int64_t> ms_;  // sorted, within [0, period)
    int64_t periodMs_ = 0;
};

}  // namespace pieslicer
