#pragma once
// Counts the scans of a JPEG without decoding it. libjpeg has no limit of its own on the
// number of scans of a progressive JPEG, and each scan makes the decoder pass over the
// whole coefficient buffer again: a 416 KB file of 10,000 tiny scans cost 12.7 s of CPU.
// Counting first lets the endpoint refuse such a file before any decoder runs.
#include <cstddef>
#include <cstdint>

namespace pieslicer {

// Start-of-scan markers in `data`, counting no further than `stopAfter` + 1 (enough to
// know a limit is exceeded). Walks marker segments and skips entropy-coded data, reading
// each byte at most once; never reads beyond `size`.
int countJpegScans(const uint8_t* data, std::size_t size, int stopAfter);

}  // namespace pieslicer
