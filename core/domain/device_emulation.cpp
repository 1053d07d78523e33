#include "domain/device_emulation.h"

namespace pieslicer {

const char* emulationModeName(EmulationMode mode) {
    switch (mode) {
        case EmulationMode::None:
            return "this-machine";
        case EmulationMode::Scaled:
            return "scaled";
        case EmulationMode::PaperModel:
            return "paper-model";
    }
    return "?";
}

std::optional<EmulationMode> parseEmulationMode(const std::string& text) {
    for (EmulationMode m : {EmulationMode::None, EmulationMode::Scaled, EmulationMode::PaperModel})
        if (text == emulationModeName(m)) return m;
    return std::nullopt;
}

std::string predictionMismatch(const std::string& profileDevice,
                               const std::string& measuredDevice) {
    if (profileDevice.empty() || profileDevice == measuredDevice) return {};
    return "predicting " + profileDevice + ", measuring " + measuredDevice;
}

}  // namespace pieslicer
