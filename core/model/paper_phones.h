#pragma once
// The paper's phones: their fitted on-device preprocessing line f (PIESLICER.md's table)
// and how much slower than this project's reference machine each one preprocesses.
#include <string>
#include <vector>

#include "model/component_model.h"

namespace pieslicer {

struct PaperPhone {
    std::string name;      // "Pixel 2"
    std::string id;        // "pixel2": resources/profiles/<id>-<campus|residential>-wifi.json
    double fSlopeMsPerMb;  // a_f
    double fInterceptMs;   // b_f
    // k: f at 2 MB over the reference machine's (10.1 + 8.9*MB ms on sample_images).
    double slowdown;
};

const std::vector<PaperPhone>& paperPhones();
// By name ("Pixel 2") or id ("pixel2"); null when neither matches.
const PaperPhone* findPaperPhone(const std::string& nameOrId);
// "Nexus 5, Moto X, Pixel 2", for error messages.
std::string paperPhoneNames();

// f of the phone as a cost component: a_f * file_mb + b_f.
ComponentModel paperDevicePrep(const PaperPhone& phone);

// The paper reports no spread for f. A paper-model device is charged f times a
// log-normal residual of this standard deviation (of log time), the assumption stated
// wherever the mode is: about the f error calibration sees on this machine.
inline constexpr double kPaperResidualSpread = 0.10;

}  // namespace pieslicer
