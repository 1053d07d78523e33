#pragma once
// Reads an image's format and dimensions from its header bytes, without decoding
// pixels: the guard that runs before any decoder sees untrusted bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "domain/image_features.h"
#include "util/expected.h"

namespace pieslicer {

struct ImageInfo {
    ImageFormat format = ImageFormat::Jpeg;
    int width = 0;
    int height = 0;
    int channels = 0;  // 1 gray, 3 colour, 4 CMYK or with alpha; 0 unknown
    int bitDepth = 8;
    // A progressive JPEG, or an Adam7-interlaced PNG: the picture comes in passes, each
    // decoder's slower path (check the format before reading it as either).
    bool progressive = false;
    int exifOrientation = 1;   // 1..8, JPEG only
    double jpegQuantStep = 0;  // mean luma quantisation step, 1 (q100) to 255; 0 if not JPEG
    std::size_t bytes = 0;

    double megapixels() const { return double(width) * double(height) / 1e6; }
    // Grey or colour with alpha (a JPEG's fourth channel is CMYK's K, not alpha).
    bool hasAlpha() const {
        return format != ImageFormat::Jpeg && (channels == 2 || channels == 4);
    }
};

// Parses the header. Fails with a message for unknown or truncated headers and for
// zero or absurd dimensions. Never reads beyond `size`.
Expected<ImageInfo> probeImage(const uint8_t* data, std::size_t size);

// The IJG quality (1..100) whose scaled Annex K luma table has the mean step closest to
// `meanLumaQuantStep`: exact for files libjpeg (and most cameras' "quality") made, an
// estimate for others. 0 when there is no step (not a JPEG).
int estimateJpegQuality(double meanLumaQuantStep);

// Limits applied before decoding; the defaults match the server's.
struct ImageLimits {
    double maxMegapixels = 40.0;
    int maxSide = 16383;
    // Scans of a (progressive) JPEG: libjpeg re-reads the whole coefficient buffer for
    // each, and has no limit of its own. Encoders write about 10; 100 leaves room.
    int maxJpegScans = 100;
};

// Fails if the image is over the limits, with a message naming which one.
Expected<ImageInfo> checkLimits(const ImageInfo& info, const ImageLimits& limits);

}  // namespace pieslicer
