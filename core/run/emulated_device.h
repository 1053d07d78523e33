#pragma once
// The device a run measures: this machine, or a phone emulated on it, scaled or charged
// by the paper's model. Describes itself for records and says when a cost profile
// describes another device than the one measured.
#include <cstdint>
#include <string>

#include "domain/device_emulation.h"
#include "domain/image_features.h"
#include "image/content_probe.h"
#include "model/cost_profile.h"
#include "model/paper_phones.h"
#include "run/strategy_rows.h"
#include "util/expected.h"

namespace pieslicer {

struct EmulatedDevice {
    EmulationMode mode = EmulationMode::None;
    std::string phone;    // a paper phone's name ("Pixel 2"); empty: an unnamed device
    double slowdown = 1;  // k, Scaled only
    double residualSpread = kPaperResidualSpread;  // PaperModel: sd of the log residual
    std::uint64_t seed = 1;                        // PaperModel: residuals are drawn from it

    // "this machine", "Pixel 2 (scaled: this machine x 5.1)", "Pixel 2 (paper model)": the
    // words profileDeviceLabel() uses for a profile of the same device.
    std::string label() const;
    bool emulated() const { return mode != EmulationMode::None; }

    // The time of this machine a charge starts from: the thread's CPU time when scaled (on a
    // loaded machine the wall clock also counts waiting for a core, and k would multiply the
    // wait: under two other agents' builds a 640x480 JPEG took 27 ms of wall clock instead of
    // 3, so x 5 it looked like a far slower phone than calibration had measured), else the
    // wall clock (this machine is measured as it is; the paper model ignores both).
    double hostMs(double wallMs, double cpuMs) const {
        return mode == EmulationMode::Scaled ? cpuMs : wallMs;
    }

    // How many times a measurement runs the on-device stages (and the content probe) to
    // charge the least CPU time of them. Scaled: 3. Other work on this shared machine only
    // ever adds CPU time (caches and memory bandwidth taken, a vCPU stolen by the host): the
    // same 900x506 JPEG's stages took 8.6-29.3 ms of CPU in one run's rows, and x 8.7 that
    // is the phone's noise, not the phone. A phone is this machine undisturbed times k.
    // Otherwise 1: this machine is measured as it is, and the paper model ignores it.
    int stageRuns() const { return mode == EmulationMode::Scaled ? kScaledStageRuns : 1; }
    static constexpr int kScaledStageRuns = 3;

    // What the device is charged for the on-device stages of `image`, that took
    // `measuredMs` here: measured, measured x k, or the paper's f for the image times a
    // residual fixed by (seed, imageKey, repeat), so every strategy and every rerun sees
    // the same phone. Under the paper model the charge may be less than the time this
    // machine spent (a huge PNG): the record keeps both.
    double chargedPrepMs(double measuredMs, const ImageFeatures& image, const std::string& imageKey,
                         int repeat) const;
    // What the device is charged for the content probe of `image` that took `measuredMs` here:
    // x k when scaled. The paper fitted no probe: under the paper model the probe is charged
    // its usual share of the phone's f for the image (strategy/content_probe_policy.h), as the
    // stages are charged the phone's f, not this machine's time (x k it was 2-3x f for PNGs).
    double chargedProbeMs(double measuredMs, const ImageFeatures& image) const;
    // The probe's charge for `image` as measured here, and the part of it that on-device
    // preprocessing for `target` reuses when that order follows (the decode, when
    // decodeReusable; its share of the charge is its share of the probe here).
    ProbeCharge chargedProbe(const ContentProbe& probe, const ImageFeatures& image,
                             int target) const;
};

// A paper phone in `mode`; k = 0 takes the phone's own (paperPhones()).
Expected<EmulatedDevice> emulatedPhone(const std::string& phone, EmulationMode mode, double k = 0);
// An unnamed device k times slower than this machine (Scaled), or this machine (k = 1).
EmulatedDevice scaledDevice(double k);

// The device a profile's f describes, for people and records: "Pixel 2 (paper model)".
std::string profileDeviceLabel(const CostProfile& profile);
// Marks a profile as describing `device` (calibration does this with what it measured).
void describeDevice(CostProfile& profile, const EmulatedDevice& device);

// Empty when `profile` predicts the device measured; else what differs, for a warning:
// "predicting Pixel 2 (paper model), measuring Pixel 2 (scaled: this machine x 5.1)".
std::string profileMismatch(const CostProfile& profile, const EmulatedDevice& device);

// A file name for a profile calibrated on `device` at a target and quality, so each
// emulated device is calibrated once: "pixel2-scaled-k5.1-331-q90.json".
std::string calibrationCacheName(const EmulatedDevice& device, int target, int quality);

}  // namespace pieslicer
