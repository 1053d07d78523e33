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

}  // namespace pieslicer
