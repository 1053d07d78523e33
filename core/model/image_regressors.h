#pragma once
// The explanatory variables a cost component may regress on, computed once per image
// from its header (file size, pixels, the pixels a DCT-domain decoder really produces)
// and from the content probe (how busy the picture is).
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
    LogDetail,              // log of the content probe's bits per pixel (0 when not probed)
    LogDetailGrowth,        // log of ImageFeatures::detailGrowth (0 when not probed)
    // kB a target-sized JPEG would have beyond a flat one, by the probe: detail carried from
    // the probe's side to the model input's at the rate it grew from half the probe's side.
    DetailKbAtTarget,
    // Megapixels of WebP files on top of png_megapixels: VP8 decodes every block with
    // prediction and a loop filter, 1.5-2x PNG's cost per pixel here (30-40 ms/MP).
    WebpMegapixels,
    // File MB of WebP files: lossless ones (VP8L) cost per byte far more than lossy ones, a
    // 5 MB 16.8 MP wallpaper twice a 1.1 MB one of the same size.
    WebpMb,
    // log of the megapixels: how much a picture of the same detail per pixel is shrunk to the
    // model input (what the header says of the content probe's detail, model/detail_prior.h).
    LogMegapixels,
    // Each decoder family on its own (model/profile_fitting.cpp): a baseline JPEG, a
    // progressive JPEG, a lossless file (PNG, BMP, TIFF) and a WebP cost per byte and per pixel
    // at rates of their own; one rate per byte shared by all had a held-out 16 MB progressive
    // photo at 0.7 of its time (the PNGs set the rate). With an indicator per family, the
    // joint fit is a fit per family (baseline JPEG keeps the intercept).
    BaselineMb,                 // file MB of baseline JPEGs
    BaselineDecodedMegapixels,  // decoded_megapixels of baseline JPEGs
    LosslessMb,                 // file MB of PNG, BMP and TIFF files
    LosslessMegapixels,         // megapixels of PNG, BMP and TIFF files
    ProgressiveFile,            // 1 for a progressive JPEG: its decoder's fixed cost
    LosslessFile,               // 1 for a PNG, BMP or TIFF file
    WebpFile,                   // 1 for a WebP file
    // Megapixels of files with an alpha channel (PNG, WebP, ...): decoded as 4 channels and
    // the fourth dropped, about 1.3x the cost per pixel of the same picture without (30% more
    // bytes to inflate and unfilter); the lossless line alone had such PNGs 40-57% low.
    AlphaMegapixels,
    // Megapixels of Adam7-interlaced PNGs: seven passes to undo, 8-10 ms per megapixel more
    // than the same PNG written plain here (OpenCV 4.6, libpng 1.6): 1.3-1.45x a busy
    // picture's decode, 1.7-2.6x a smooth one's. The lossless line alone had such
    // screenshots 13% low.
    InterlacedMegapixels,
};

const std::vector<Regressor>& allRegressors();
std::string regressorName(Regressor r);
Expected<Regressor> regressorFromName(const std::string& name);

// Values of every regressor for one file, indexed by Regressor.
struct RegressorValues {
    static constexpr int kCount = 24;
    double v[kCount] = {};
    double operator[](Regressor r) const { return v[int(r)]; }
};

// `target` is the model input side: it decides the DCT downscale factor.
RegressorValues regressorValues(const ImageFeatures& image, int target);

}  // namespace pieslicer
