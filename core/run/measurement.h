#pragma once
// Runs one pre-execution order for one image for real and records every stage:
// on-device (preprocess here, upload the small JPEG) or in-cloud (upload the original).
#include <filesystem>
#include <string>
#include <vector>

#include "domain/endpoint_routes.h"
#include "domain/request_record.h"
#include "image/preprocess.h"
#include "net/endpoint_client.h"
#include "run/emulated_device.h"
#include "strategy/strategy.h"

namespace pieslicer {

struct MeasurementSettings {
    PreprocessOptions preprocess;
    double slaMs = 1000;
    // The endpoint's route: "/pieslicer" runs its fixed model, "/modipick" picks the most
    // accurate model that fits what is left of slaMs.
    std::string route = kPieSlicerRoute;
    // The models of an embedded endpoint (server/model_zoo.h zooFromSpec): "all", "none", or
    // names. Unused with an endpoint URL.
    std::string embeddedModels = "all";
    // The device measured: this machine, or a phone emulated on it. On-device stages always
    // run for real (the bytes sent are real); an emulated device is then charged its own
    // time for them by waiting.
    EmulatedDevice device;
    // The device the deciding strategies' cost profile describes, written into records so a
    // mismatch is visible in the data (empty: no profile).
    std::string profileDevice;
};

struct ImageJob {
    std::filesystem::path path;
    std::string name;  // sanitised, for records
};

// Header features of an image file (reads the whole file: the phone has it in storage).
struct LoadedImage {
    std::vector<uint8_t> bytes;
    double readMs = 0;
    double probeMs = 0;         // the header's probe and the content probe (image/content_probe.h)
    ContentProbe contentProbe;  // its cost on this machine (0 when it could not run)
    ImageInfo info;
    double detail = 0;  // the content probe's answer; 0 when it could not decode the file
    double detailGrowth = 1;
    ImageFeatures features() const;
    ImageFeatures headerFeatures() const;  // without the content probe's detail
};
// `probeRuns`: how many times the content probe runs; its cost is the run of least CPU
// time (EmulatedDevice::stageRuns()).
Expected<LoadedImage> loadImage(const std::filesystem::path& path, int probeRuns = 1);

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
