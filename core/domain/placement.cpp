#include "domain/placement.h"

namespace pieslicer {

const char* locationName(Placement p) { return p == Placement::Device ? "local" : "remote"; }

std::optional<Placement> parseLocation(const std::string& text) {
    for (Placement p : {Placement::Device, Placement::Cloud})
        if (text == locationName(p)) return p;
    return std::nullopt;
}

}  // namespace pieslicer
