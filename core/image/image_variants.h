#pragma once
// Variants of an image made by re-encoding its own pixels: the same content as a
// progressive JPEG (libjpeg's own progressive script), PNG, WebP, at another JPEG quality,
// smaller, in grey, or cropped wider. Calibration measures them like any other file where
// its own images leave a regressor without support (run/calibration_coverage.h).
#include <cstdint>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "util/expected.h"

namespace pieslicer {

enum class VariantKind {
    ProgressiveJpeg,  // quality `quality`, progressive
    Png,              // lossless
    WebP,             // lossy at `quality` (over 100: lossless)
    JpegQuality,      // baseline at `quality`
    Smaller,          // baseline at `quality`, the longest side cut to `longSide`
    Grey,             // one-channel baseline JPEG at `quality`
    Wide,             // the middle 16:9 band (or 9:16), baseline at `quality`
    Larger,           // progressive at `quality`, upscaled (cubic) to a longest side of `longSide`
    // Lossless, made a graphic: a 7x7 median, then 5 levels a channel (flat areas, hard edges:
    // about 0.2-1 bits per pixel, as drawings and screenshots have where a photo's PNG has
    // 10-20).
    FlatPng,
    // Lossless with an alpha channel: opaque in the middle, fading out towards the corners
    // (a cut-out, a logo, an icon), as PNGs and WebPs of graphics often have.
    AlphaPng,
    // Lossless, Adam7-interlaced (image/interlaced_png.h): screenshots and web graphics often
    // are, and undoing the seven passes costs per pixel (regressor InterlacedMegapixels).
    // Upscaled (cubic) to a longest side of `longSide` when smaller: a rate per pixel is
    // fitted on pixels, not on the fixed costs of small files.
    InterlacedPng,
};

struct VariantSpec {
    VariantKind kind = VariantKind::Png;
    int quality = 95;
    int longSide = 480;  // Smaller, Larger and InterlacedPng
};

// "progressive q95", "png", "webp q90", "jpeg q60", "480 px q85", "grey q90", "16:9 q90",
// "flat png".
std::string variantLabel(const VariantSpec& spec);
// The file extension the variant is written with: "jpg", "png" or "webp".
std::string variantExtension(const VariantSpec& spec);

// The encoded variant of an 8-bit BGR (or grey) image.
Expected<std::vector<uint8_t>> makeVariant(const cv::Mat& image, const VariantSpec& spec);

// The whole image, decoded at full size as 8-bit BGR (EXIF orientation applied).
Expected<cv::Mat> decodeFull(const std::vector<uint8_t>& bytes);

}  // namespace pieslicer
