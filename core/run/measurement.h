#pragma once
// Runs one pre-execution order for one image for real and records every stage:
// on-device (preprocess here, upload the small JPEG) or in-cloud (upload the original).
#include <filesystem>
#include <string>
#include <vector>

#include "domain/request_record.h"
#include "image/preprocess.h"
#include "net/endpoint_client.h"
#include "strategy/strategy.h"

namespace pieslicer {

struct MeasurementSettings {
    PreprocessOptions preprocess;
    double slaMs = 1000;
    std::string deviceName = "this machine";
    // An emulated slower device: on-device stages run for real, then are stretched to
    // k times their measured duration by waiting.
    double deviceSlowdown = 1.0;
};

struct ImageJob {
    std::filesystem::path path;
    std::string name;  // sanitised, for records
};

// Header features of an image file (reads the whole file: the phone has it in storage).
struct LoadedImage {
    std::vector<uint8_t> bytes;
    double readMs = 0;
    double probeMs = 0;
    ImageInfo info;
    ImageFeatures features() const;
};
Expected<LoadedImage> loadImage(const std::filesystem::path& path);

// Fills the record's identity and setting columns from the job and link.
RequestRecord newRecord(const ImageJob& job, const MeasurementSettings& settings,
                        const LinkShape& link);

// Measures `placement` for the loaded image and completes `record` (status "error" with a
// message when any stage fails; a failure never throws). `estimatedTransferMs` is the
// deciding strategy's g() for this order, sent to the endpoint for its time budget.
void measurePlacement(EndpointClient& client, const LoadedImage& image, Placement placement,
                      double estimatedTransferMs, const MeasurementSettings& settings,
                      RequestRecord& record);

}  // namespace pieslicer
