#include "domain/image_features.h"

namespace pieslicer {

std::string formatName(ImageFormat f) {
    switch (f) {
        case ImageFormat::Jpeg:
            return "jpeg";
        case ImageFormat::Png:
            return "png";
        case ImageFormat::WebP:
            return "webp";
        case ImageFormat::Bmp:
            return "bmp";
        case ImageFormat::Tiff:
            return "tiff";
    }
    return "unknown";
}

std::optional<ImageFormat> parseFormatName(const std::string& name) {
    for (ImageFormat f : {ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::WebP, ImageFormat::Bmp,
                          ImageFormat::Tiff})
        if (formatName(f) == name) return f;
    return std::nullopt;
}

}  // namespace pieslicer
