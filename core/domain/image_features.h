#pragma once
// What is known of an image before any work on it: its file format and header.
#include <string>

#include "domain/link_shape.h"

namespace pieslicer {

enum class ImageFormat { Jpeg, Png, WebP, Bmp, Tiff };

std::string formatName(ImageFormat format);  // "jpeg", "png", ...

// What a strategy knows of an image before deciding: its header, and the link.
struct ImageFeatures {
    double bytes = 0;
    int width = 0;
    int height = 0;
    ImageFormat format = ImageFormat::Jpeg;
    bool progressive = false;
    double quantStep = 0;  // JPEG's mean luma quantisation step (0: not a JPEG)
    // The current link estimate, when the caller knows it (0: unknown). Transfer
    // predictions use it instead of the profile's fitted line when the rate differs.
    double uplinkBitsPerSecond = 0;
    double rttMs = 0;
    TcpModel tcp = TcpModel::Ideal;  // slow start adds round trips to a prediction
    double megabytes() const { return bytes / 1e6; }
    double megapixels() const { return double(width) * height / 1e6; }
};

}  // namespace pieslicer
