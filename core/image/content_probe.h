#pragma once
// A cheap look at how busy a picture is, for predicting the size of the JPEG the device
// would make of it: decode as coarsely as the format allows (JPEG: the DC coefficients
// only, at 1/8 scale, when that still leaves `side` pixels), shrink to a small square and
// encode that square as a JPEG. Its bits per pixel are the picture's detail at a scale
// near the model input's, whatever the original's format, quality or size.
#include <cstddef>
#include <cstdint>
#include <opencv2/core.hpp>

#include "image/image_probe.h"
#include "util/expected.h"

namespace pieslicer {

struct ContentProbeOptions {
    int side = kContentProbeSide;  // the square the picture is shrunk to
    int quality = 90;              // of the probe's JPEG (the on-device default)
    ImageLimits limits;            // a file over them is not decoded
};

struct ContentProbe {
    // Of the side x side JPEG beyond what a flat square costs (headers, tables): the
    // picture's detail. At least 0.01.
    double bitsPerPixel = 0;
    // Bits per pixel at `side` over those at side/2 (both beyond flat): how fast detail grows
    // with scale, to carry the probe's answer to the model input's side. 1 when unknown.
    double growth = 1;
    double ms = 0;     // what the probe cost, decoding included
    double cpuMs = 0;  // the same in CPU time of the calling thread
    // Of which the decode (wall clock and CPU time): the part on-device preprocessing can
    // reuse (decodeReusable).
    double decodeMs = 0;
    double decodeCpuMs = 0;
    int scale = 1;               // the DCT-domain decode scale used (JPEG), else 1
    bool firstScanOnly = false;  // a progressive JPEG's DC scan alone was decoded
};

// Whether preprocessing for `target` can start from the probe's decoded picture instead of
// decoding the file again: it must be the whole picture (not a progressive file's first scan)
// at a DCT scale at least as fine as preprocessing's own (image/preprocess.h).
bool decodeReusable(const ContentProbe& probe, int width, int height, int target);
// The same foreseen from the header, before the probe runs.
bool decodeReusable(const ImageFeatures& header, int target);

// The picture decoded as cheaply as its format allows and shrunk to side x side (BGR).
// `info` is the header probe's answer for the same bytes.
// `decoded`, when given, gets the decode's scale, time and whether it was the first scan only.
Expected<cv::Mat> probeSquare(const uint8_t* data, std::size_t size, const ImageInfo& info,
                              const ContentProbeOptions& options, ContentProbe* decoded = nullptr);

// Fails (without throwing) on files over the limits and on undecodable data.
Expected<ContentProbe> probeContent(const uint8_t* data, std::size_t size, const ImageInfo& info,
                                    const ContentProbeOptions& options = {});

}  // namespace pieslicer
