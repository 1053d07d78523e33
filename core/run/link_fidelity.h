#pragma once
// The instrument checking itself: how far each upload's measured last-byte arrival was from
// what the link model says. A loaded or starved machine delays the relay or the endpoint,
// and then every figure of the run is suspect; this says so instead of hiding it.
#include <string>
#include <vector>

#include "domain/request_record.h"

namespace pieslicer {

constexpr double kLinkErrorWarnPct = 5.0;

struct LinkFidelity {
    std::size_t checked = 0;   // measurements with a modelled arrival (shared rows once)
    std::size_t offLimit = 0;  // of those, more than kLinkErrorWarnPct off
    double worstPct = 0;       // signed, the largest in magnitude
    std::string worstImage;
    std::string worstLocation;  // "local" or "remote"
    bool ok() const { return offLimit == 0; }
};

LinkFidelity checkLinkFidelity(const std::vector<RequestRecord>& records);

// "link model check: 44 uploads, worst +0.4% (x.jpg, remote)" plus a warning when off.
std::string formatLinkFidelity(const LinkFidelity& check);

}  // namespace pieslicer
