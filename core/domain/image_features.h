#pragma once
// What is known of an image before any work on it: its file format and header.
#include <optional>
#include <string>

#include "domain/link_shape.h"

namespace pieslicer {

enum class ImageFormat { Jpeg, Png, WebP, Bmp, Tiff };

std::string formatName(ImageFormat format);                           // "jpeg", "png", ...
std::optional<ImageFormat> parseFormatName(const std::string& name);  // formatName()'s inverse

// The side of the square the content probe shrinks a picture to (image/content_probe.h).
constexpr int kContentProbeSide = 256;

// What a strategy knows of an image before deciding: its header, and the link.
struct ImageFeatures {
    double bytes = 0;
    int width = 0;
    int height = 0;
    ImageFormat format = ImageFormat::Jpeg;
    // A progressive JPEG or an Adam7-interlaced PNG (ImageInfo::progressive).
    bool progressive = false;
    // An alpha channel (PNG, WebP): decoded as 4 channels and then dropped, about 1.3x the
    // cost per pixel of the same picture without (OpenCV 4.6, libpng 1.6).
    bool alpha = false;
    double quantStep = 0;  // JPEG's mean luma quantisation step (0: not a JPEG)
    // How busy the picture is, by the content probe (image/content_probe.h): bits per pixel
    // of a small JPEG of it beyond a flat one's (0: not probed), how much that grew from half
    // the probe's side to its side, and that side.
    double detail = 0;
    double detailGrowth = 1;
    int detailSide = kContentProbeSide;
    // The current link estimate, when the caller knows it (0: unknown). Transfer
    // predictions use it instead of the profile's fitted line when the rate differs.
    double uplinkBitsPerSecond = 0;
    double rttMs = 0;
    TcpModel tcp = TcpModel::Ideal;  // slow start adds round trips to a prediction
    double megabytes() const { return bytes / 1e6; }
    double megapixels() const { return double(width) * height / 1e6; }
};

}  // namespace pieslicer
