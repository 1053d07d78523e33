#include "image/jpeg_scans.h"

#include <cstring>

namespace pieslicer {
namespace {

// Where the entropy-coded data that starts at `i` ends: the next 0xFF that is neither a
// stuffed zero nor a restart marker.
std::size_t endOfEntropyData(const uint8_t* d, std::size_t n, std::size_t i) {
    while (i < n) {
        const void* ff = std::memchr(d + i, 0xFF, n - i);
        if (!ff) return n;
        i = std::size_t(static_cast<const uint8_t*>(ff) - d);
        if (i + 1 >= n) return n;
        const uint8_t next = d[i + 1];
        if (next == 0x00 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF) {
            i += next == 0xFF ? 1 : 2;
            continue;
        }
        return i;
    }
    return n;
}

}  // namespace

int countJpegScans(const uint8_t* d, std::size_t n, int stopAfter) {
    int scans = 0;
    std::size_t i = 2;  // after SOI
    while (i + 4 <= n && scans <= stopAfter) {
        if (d[i] != 0xFF) {  // stray bytes between segments: resynchronise on the next marker
            i = endOfEntropyData(d, n, i);
            continue;
        }
        const uint8_t marker = d[i + 1];
        if (marker == 0xFF) {
            ++i;
            continue;
        }
        if (marker == 0xD9) break;  // end of image
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
            i += 2;
            continue;
        }
        const std::size_t len = (std::size_t(d[i + 2]) << 8) | d[i + 3];
        if (len < 2) break;
        i += 2 + len;
        if (marker == 0xDA) {
            ++scans;
            i = endOfEntropyData(d, n, i);
        }
    }
    return scans;
}

}  // namespace pieslicer
