#include "model/image_regressors.h"

#include <cmath>

#include "image/preprocess.h"

namespace pieslicer {

const std::vector<Regressor>& allRegressors() {
    static const std::vector<Regressor> all = {Regressor::FileMb,
                                               Regressor::Megapixels,
                                               Regressor::DecodedMegapixels,
                                               Regressor::PngMegapixels,
                                               Regressor::ProgressiveMegapixels,
                                               Regressor::BitsPerPixel,
                                               Regressor::LogBitsPerPixel,
                                               Regressor::LogQuantStep,
                                               Regressor::ProgressiveMb,
                                               Regressor::LogDetail,
                                               Regressor::LogDetailGrowth,
                                               Regressor::DetailKbAtTarget,
                                               Regressor::WebpMegapixels,
                                               Regressor::WebpMb,
                                               Regressor::LogMegapixels,
                                               Regressor::BaselineMb,
                                               Regressor::BaselineDecodedMegapixels,
                                               Regressor::LosslessMb,
                                               Regressor::LosslessMegapixels,
                                               Regressor::ProgressiveFile,
                                               Regressor::LosslessFile,
                                               Regressor::WebpFile,
                                               Regressor::AlphaMegapixels,
                                               Regressor::InterlacedMegapixels};
    return all;
}

std::string regressorName(Regressor r) {
    switch (r) {
        case Regressor::FileMb:
            return "file_mb";
        case Regressor::Megapixels:
            return "megapixels";
        case Regressor::DecodedMegapixels:
            return "decoded_megapixels";
        case Regressor::PngMegapixels:
            return "png_megapixels";
        case Regressor::ProgressiveMegapixels:
            return "progressive_megapixels";
        case Regressor::BitsPerPixel:
            return "bits_per_pixel";
        case Regressor::LogBitsPerPixel:
            return "log_bits_per_pixel";
        case Regressor::LogQuantStep:
            return "log_quant_step";
        case Regressor::ProgressiveMb:
            return "progressive_mb";
        case Regressor::LogDetail:
            return "log_detail";
        case Regressor::LogDetailGrowth:
            return "log_detail_growth";
        case Regressor::DetailKbAtTarget:
            return "detail_kb_at_target";
        case Regressor::WebpMegapixels:
            return "webp_megapixels";
        case Regressor::WebpMb:
            return "webp_mb";
        case Regressor::LogMegapixels:
            return "log_megapixels";
        case Regressor::BaselineMb:
            return "baseline_mb";
        case Regressor::BaselineDecodedMegapixels:
            return "baseline_decoded_megapixels";
        case Regressor::LosslessMb:
            return "lossless_mb";
        case Regressor::LosslessMegapixels:
            return "lossless_megapixels";
        case Regressor::ProgressiveFile:
            return "progressive_file";
        case Regressor::LosslessFile:
            return "lossless_file";
        case Regressor::WebpFile:
            return "webp_file";
        case Regressor::AlphaMegapixels:
            return "alpha_megapixels";
        case Regressor::InterlacedMegapixels:
            return "interlaced_megapixels";
    }
    return "?";
}

Expected<Regressor> regressorFromName(const std::string& name) {
    for (Regressor r : allRegressors())
        if (regressorName(r) == name) return r;
    std::string known;
    for (Regressor r : allRegressors()) known += (known.empty() ? "" : ", ") + regressorName(r);
    return fail("unknown regressor '" + name + "' (known: " + known + ")");
}

RegressorValues regressorValues(const ImageFeatures& image, int target) {
    RegressorValues x;
    const double mp = image.megapixels();
    const bool jpeg = image.format == ImageFormat::Jpeg;
    x.v[int(Regressor::FileMb)] = image.megabytes();
    x.v[int(Regressor::Megapixels)] = mp;
    x.v[int(Regressor::LogMegapixels)] = mp > 0 ? std::log(mp) : 0.0;
    // Only JPEG decodes in the DCT domain; everything else is decoded at full size.
    const int scale = jpeg ? downscaleFactor(image.width, image.height, target) : 1;
    x.v[int(Regressor::DecodedMegapixels)] = mp / double(scale * scale);
    x.v[int(Regressor::PngMegapixels)] = jpeg ? 0.0 : mp;
    x.v[int(Regressor::WebpMegapixels)] = image.format == ImageFormat::WebP ? mp : 0.0;
    x.v[int(Regressor::WebpMb)] = image.format == ImageFormat::WebP ? image.megabytes() : 0.0;
    x.v[int(Regressor::ProgressiveMegapixels)] = jpeg && image.progressive ? mp : 0.0;
    x.v[int(Regressor::ProgressiveMb)] = jpeg && image.progressive ? image.megabytes() : 0.0;
    const bool baseline = jpeg && !image.progressive;
    const bool lossless = !jpeg && image.format != ImageFormat::WebP;
    x.v[int(Regressor::BaselineMb)] = baseline ? image.megabytes() : 0.0;
    x.v[int(Regressor::BaselineDecodedMegapixels)] =
        baseline ? x.v[int(Regressor::DecodedMegapixels)] : 0.0;
    x.v[int(Regressor::LosslessMb)] = lossless ? image.megabytes() : 0.0;
    x.v[int(Regressor::LosslessMegapixels)] = lossless ? mp : 0.0;
    x.v[int(Regressor::ProgressiveFile)] = jpeg && image.progressive ? 1.0 : 0.0;
    x.v[int(Regressor::LosslessFile)] = lossless ? 1.0 : 0.0;
    x.v[int(Regressor::WebpFile)] = image.format == ImageFormat::WebP ? 1.0 : 0.0;
    x.v[int(Regressor::AlphaMegapixels)] = !jpeg && image.alpha ? mp : 0.0;
    x.v[int(Regressor::InterlacedMegapixels)] =
        image.format == ImageFormat::Png && image.progressive ? mp : 0.0;
    const double bpp = mp > 0 ? image.bytes * 8.0 / (mp * 1e6) : 0.0;
    x.v[int(Regressor::BitsPerPixel)] = bpp;
    x.v[int(Regressor::LogBitsPerPixel)] = bpp > 0 ? std::log(bpp) : 0.0;
    // Lossless formats keep every level: a step of 1, log 0.
    x.v[int(Regressor::LogQuantStep)] = image.quantStep > 1 ? std::log(image.quantStep) : 0.0;
    x.v[int(Regressor::LogDetail)] = image.detail > 0 ? std::log(image.detail) : 0.0;
    const bool probed = image.detail > 0;
    x.v[int(Regressor::LogDetailGrowth)] =
        probed && image.detailGrowth > 0 ? std::log(image.detailGrowth) : 0.0;
    if (probed) {
        const double octaves = std::log2(double(target) / double(image.detailSide));
        const double growth = image.detailGrowth > 0 ? image.detailGrowth : 1.0;
        x.v[int(Regressor::DetailKbAtTarget)] =
            image.detail * std::pow(growth, octaves) * double(target) * target / 8e3;
    }
    return x;
}

}  // namespace pieslicer
