#pragma once
// How the device a run measures relates to this machine. The paper's question is a
// phone's; this machine stands in for it in one of two ways, and every record says which.
#include <optional>
#include <string>

namespace pieslicer {

enum class EmulationMode {
    None,        // this machine, as it is
    Scaled,      // on-device stages run here, then are stretched to k times their duration
    PaperModel,  // stages run here (the bytes sent are real) but are charged the time the
                 // paper's fitted model of the phone gives for the image, plus a residual
};

// "this-machine", "scaled", "paper-model": what records, profiles and the CLI write.
const char* emulationModeName(EmulationMode mode);
std::optional<EmulationMode> parseEmulationMode(const std::string& text);

// Devices and profiles are named alike ("Pixel 2 (paper model)"), so a record's device and
// profile_device compare as text. Empty when the profile describes the device measured (or
// there is none); else "predicting <profileDevice>, measuring <measuredDevice>".
std::string predictionMismatch(const std::string& profileDevice, const std::string& measuredDevice);

}  // namespace pieslicer
