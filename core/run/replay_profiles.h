#pragma once
// Which cost profile predicts the replayed records of one measured device: a replay of a
// sweep over several devices re-decides each device's records with that device's models,
// never one device's models for all (the order of the search is in run/replay.h).
#include <memory>
#include <string>

#include "domain/request_record.h"
#include "model/cost_profile.h"
#include "run/emulated_device.h"
#include "util/expected.h"

namespace pieslicer {

struct ReplayConfig;

struct DeviceProfile {
    std::shared_ptr<const CostProfile> profile;  // null: none found
    std::string source;    // how it was found, for people: "given for Pixel 2", "cached <path>"
    std::string mismatch;  // predictionMismatch() when it describes another device
};

// The device a record was measured on, as the sweep and the calibration cache name it.
EmulatedDevice deviceOfRecord(const RequestRecord& record);

// "Pixel 2" of "Pixel 2 (scaled: this machine x 5.1)"; empty for an unnamed device.
std::string phoneOfDeviceLabel(const std::string& label);

// True when `name` (as a person types it: the device's label, its sweep name such as
// "Pixel 2", "Nexus 5:paper", "k3", "this machine", or its phone's name) names the device
// `record` was measured on. `exactOnly`: the label or the sweep name only, not the phone.
bool namesDevice(const std::string& name, const RequestRecord& record, bool exactOnly);

// The profile for the device `first` (a record of the group) was measured on, by
// run/replay.h's order; a profile with nothing found.
DeviceProfile replayProfileFor(const ReplayConfig& config, const RequestRecord& first);

}  // namespace pieslicer
