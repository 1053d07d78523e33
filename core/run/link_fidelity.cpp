#include "run/link_fidelity.h"

#include <cmath>
#include <cstdio>
#include <set>

namespace pieslicer {

LinkFidelity checkLinkFidelity(const std::vector<RequestRecord>& records) {
    LinkFidelity c;
    std::set<std::string> seen;  // paired rows share a measurement: count it once
    for (const auto& r : records) {
        if (!r.ok() || r.link_modelled_ms <= 0) continue;
        if (!r.measurement_id.empty() && !seen.insert(r.measurement_id).second) continue;
        ++c.checked;
        if (std::fabs(r.link_error_pct) > kLinkErrorWarnPct) ++c.offLimit;
        if (std::fabs(r.link_error_pct) >= std::fabs(c.worstPct)) {
            c.worstPct = r.link_error_pct;
            c.worstImage = r.image_name_orig;
            c.worstLocation = r.preprocess_location;
        }
    }
    return c;
}

std::string formatLinkFidelity(const LinkFidelity& c) {
    if (c.checked == 0) return "link model check: no emulated uploads to check\n";
    char line[512];
    std::snprintf(line, sizeof line,
                  "link model check: %zu uploads, worst %+.1f%% (%s, %s) against the link model\n",
                  c.checked, c.worstPct, c.worstImage.c_str(), c.worstLocation.c_str());
    std::string out = line;
    if (!c.ok()) {
        std::snprintf(line, sizeof line,
                      "WARNING: %zu of %zu uploads arrived more than %.0f%% off the link model: "
                      "the machine may be loaded or starved; transfer figures of this run are "
                      "suspect\n",
                      c.offLimit, c.checked, kLinkErrorWarnPct);
        out += line;
    }
    return out;
}

}  // namespace pieslicer
