#pragma once
// Calibration: measures both pre-execution orders over a set of images on this machine,
// the endpoint and the current link, then fits a cost profile from what was measured.
#include <atomic>
#include <filesystem>
#include <functional>
#include <string>

#include "model/profile_fitting.h"
#include "net/link_emulator.h"
#include "run/experiment.h"
#include "run/measurement.h"

namespace pieslicer {

struct CalibrationConfig {
    std::filesystem::path images;  // folder (recursive) or one file
    std::size_t maxImages = 0;     // 0: all; else this many, spread evenly over file sizes
    std::string endpointUrl;       // empty: an embedded endpoint on 127.0.0.1
    std::string bearerToken;
    LinkShape link;
    MeasurementSettings measurement;  // target, quality, device slowdown k
    int repeat = 1;
    std::string outCsv;  // optional: keep the raw measurements
};

struct CalibrationResult {
    ProfileFit fit;
    std::size_t images = 0;
    std::size_t failedRequests = 0;
};

// The calibration matching an experiment: same images, endpoint, token, link and
// measurement settings; `maxImages` spread over the file sizes (0: all).
CalibrationConfig calibrationFor(const ExperimentConfig& experiment, std::size_t maxImages = 0);

// Progress: one line per measured request, for stderr or a status bar.
using CalibrationMessage = std::function<void(const std::string&)>;

Expected<CalibrationResult> calibrate(const CalibrationConfig& config,
                                      const CalibrationMessage& message = {},
                                      const std::atomic<bool>* cancel = nullptr);

}  // namespace pieslicer
