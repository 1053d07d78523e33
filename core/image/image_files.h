#pragma once
// Finding image files in a folder tree and reading them, tolerating whatever a
// folder of other people's photos holds.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "util/expected.h"

namespace pieslicer {

// Every file under `root` (recursively, following no directory symlinks, skipping
// unreadable folders) whose extension is jpg, jpeg, png, webp, bmp, tif or tiff,
// sorted by path. A file given as `root` is returned alone.
Expected<std::vector<std::filesystem::path>> listImages(const std::filesystem::path& root);

// Whole file into memory, refusing files over `maxBytes`.
Expected<std::vector<uint8_t>> readFileBytes(const std::filesystem::path& path,
                                             std::size_t maxBytes = 512u << 20);

// A printable, UTF-8-safe name for records: invalid bytes and control characters become '?'.
std::string displayName(const std::filesystem::path& path, const std::filesystem::path& root);

}  // namespace pieslicer
