#pragma once
// Where an image is preprocessed before inference, and the words records use for it.
#include <optional>
#include <string>

namespace pieslicer {

enum class Placement { Device, Cloud };

// The prototype's words, as in preprocess_location: "local" (on the device), "remote".
const char* locationName(Placement p);
// The Placement a record's "local"/"remote" names; nothing for other text (error rows).
std::optional<Placement> parseLocation(const std::string& text);

}  // namespace pieslicer
