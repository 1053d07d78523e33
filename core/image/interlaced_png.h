#pragma once
// An Adam7-interlaced PNG of an 8-bit image, written with libpng: OpenCV's encoder has no
// interlacing option, and calibration needs such files to fit what their seven passes cost
// to decode (image_variants.h, VariantKind::InterlacedPng).
#include <cstdint>
#include <opencv2/core.hpp>
#include <vector>

#include "util/expected.h"

namespace pieslicer {

// `image`: 8-bit grey, BGR or BGRA, as OpenCV decodes.
Expected<std::vector<uint8_t>> encodeInterlacedPng(const cv::Mat& image);

}  // namespace pieslicer
