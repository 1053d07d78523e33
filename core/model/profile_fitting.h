#pragma once
// Turns measured requests of both orders into a cost profile: fits f, s', g (line and
// link overheads) and h, and explains the fits in a short report.
#include <string>
#include <vector>

#include "domain/image_features.h"
#include "domain/request_record.h"
#include "model/component_fitting.h"
#include "model/cost_profile.h"

namespace pieslicer {

// One measured request and the header features of its original image.
struct CalibrationSample {
    ImageFeatures image;
    RequestRecord record;
    // The picture the image was made from (a coverage variant's original; empty: itself).
    std::string source;
};

struct ProfileFitSettings {
    int target = 331;
    int quality = 90;
    std::string device = "this machine";
    double deviceSlowdown = 1.0;
    double uplinkBitsPerSecond = 0;  // the link the samples were measured on
    double rttMs = 0;
    TcpModel tcp = TcpModel::Ideal;
    int folds = 10;
};

struct ProfileFit {
    CostProfile profile;
    ComponentFit devicePrep, sentBytes, transfer, cloudPrep;
    std::string report;  // coefficients, R^2 and MAPE of every component, for people
};

// Needs ok rows of both orders (at least 3 on-device ones); error rows are skipped.
// What a calibration row gives h (in-cloud preprocessing), the same for the fit and for
// whoever draws the samples next to the model: the image that reached the endpoint (the
// original, or the target-sized JPEG the device sent) and what the endpoint spent on it
// after the network, inference aside.
ImageFeatures arrivedImage(const ImageFeatures& original, const RequestRecord& r, int target);
double cloudPrepMs(const RequestRecord& r);

// The model forms s' (bytes of the JPEG the device sends) is chosen among, simplest first.
const std::vector<Candidate>& sentCandidates();
// The model forms f and h (on-device and in-cloud preprocessing) are chosen among.
const std::vector<Candidate>& prepCandidates();

Expected<ProfileFit> fitProfile(const std::vector<CalibrationSample>& samples,
                                const ProfileFitSettings& settings);

}  // namespace pieslicer
