#pragma once
// Writes a whole file so that readers see the old one or the new one, never half of it:
// into "<path>.tmp", then renamed over `path`. For profiles, summaries and exports that a
// crash or a full disk must not leave truncated.
#include <filesystem>
#include <string>

#include "util/expected.h"

namespace pieslicer {

Expected<bool> writeFileAtomically(const std::filesystem::path& path, const std::string& contents);

}  // namespace pieslicer
