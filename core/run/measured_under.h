#pragma once
// The conditions records were measured under (device, link, TCP model) against the
// settings in force now: a reader looking at records from another run (reopened, or
// before a change of settings) is told they were not measured with what is set.
#include <set>
#include <string>

#include "domain/request_record.h"

namespace pieslicer {

struct MeasuredUnder {
    std::set<std::string> devices;
    std::set<std::string> links;  // "8 Mbit/s, 40 ms RTT" or "trace NAME, 40 ms RTT"
    std::set<std::string> tcpModels;
    bool empty() const { return devices.empty(); }
};

// The link of a record as MeasuredUnder names it.
std::string linkConditionOf(const RequestRecord& r);

// Adds one record's conditions (error rows too: they were set up the same way).
void addConditions(MeasuredUnder& under, const RequestRecord& r);

// "" when every record was measured under `current`'s device, link and TCP model (its
// setting fields, e.g. from newRecord()); otherwise what differs, e.g. "records measured
// on Pixel 2 (scaled: this machine x 5.1), 8 Mbit/s, 40 ms RTT, linux TCP".
std::string conditionsMismatch(const MeasuredUnder& under, const RequestRecord& current);

}  // namespace pieslicer
