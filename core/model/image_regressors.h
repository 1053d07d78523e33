#pragma once
// The explanatory variables a cost component may regress on, computed once per image
// from its header: file size, pixels, the pixels a DCT-domain decoder really produces.
#include <string>
#include <vector>

#include "domain/image_features.h"
#include "util/expected.h"

namespace pieslicer {

enum class Regressor {
    FileMb,                 // file size in MB (the paper's only variable)
    Megapixels,             // width * height / 1e6
    DecodedMegapixels,      // pixels after the 1/2..1/8 DCT-domain downscale (JPEG only)
    PngMegapixels,          // megapixels of PNG (and other non-JPEG) files: no DCT shortcut
    ProgressiveMegapixels,  // megapixels of progressive JPEGs: they gain less from DCT scaling
    BitsPerPixel,           // file bits per pixel: how much detail (and noise) the content has
    LogBitsPerPixel,        // log of the above, for multiplicative (log-response) models
    LogQuantStep,           // log of the JPEG's mean luma quantisation step (0 for lossless)
    ProgressiveMb,          // file MB of progressive JPEGs: every scan is entropy-decoded again
};

const std::vector<Regressor>& allRegressors();
std::string regressorName(Regressor r);
Expected<Regressor> regressorFromName(const std::string& name);

// Values of every regressor for one file, indexed by Regressor.
struct RegressorValues {
    static constexpr int kCount = 9;
    double v[kCount] = {};
    double operator[](Regressor r) const { return v[int(r)]; }
};

// `target` is the model input side: it decides the DCT downscale factor.
RegressorValues regressorValues(const ImageFeatures& image, int target);

}  // namespace pieslicer
