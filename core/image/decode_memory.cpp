#include "image/decode_memory.h"

#include <algorithm>

#include "image/preprocess.h"

namespace pieslicer {

std::size_t estimateDecodeBytes(const ImageInfo& info, int target) {
    const double pixels = double(info.width) * double(info.height);
    const double channels = std::max(3, info.channels);
    double bytes = 0;
    if (info.format == ImageFormat::Jpeg) {
        const int scale = downscaleFactor(info.width, info.height, target);
        bytes = pixels / (double(scale) * scale) * 3;
        if (info.progressive) bytes += pixels * channels * 2;
    } else {
        // PNG and WebP decode fully; 16-bit PNGs hold two bytes per sample until converted.
        const double sampleBytes = info.bitDepth > 8 ? 2 : 1;
        bytes = pixels * channels * sampleBytes + pixels * 3;
    }
    bytes += double(target) * target * 3 * (1 + 4);  // the resized image and its float tensor
    return std::size_t(bytes);
}

}  // namespace pieslicer
