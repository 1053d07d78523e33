#include "run/emulated_device.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "model/image_regressors.h"
#include "strategy/content_probe_policy.h"

namespace pieslicer {
namespace {

std::string kText(double k) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", std::round(k * 100) / 100);
    return buf;
}

// FNV-1a: a residual must not change with the standard library's std::hash.
std::uint64_t residualKey(std::uint64_t seed, const std::string& imageKey, int repeat) {
    std::uint64_t h = 1469598103934665603ull ^ seed;
    auto mix = [&h](unsigned char c) {
        h ^= c;
        h *= 1099511628211ull;
    };
    for (unsigned char c : imageKey) mix(c);
    for (int i = 0; i < 4; ++i) mix(static_cast<unsigned char>(repeat >> (8 * i)));
    return h;
}

std::string phoneOrDevice(const std::string& phone) { return phone.empty() ? "device" : phone; }

}  // namespace

std::string EmulatedDevice::label() const {
    switch (mode) {
        case EmulationMode::None:
            return "this machine";
        case EmulationMode::Scaled:
            return phoneOrDevice(phone) + " (scaled: this machine x " + kText(slowdown) + ")";
        case EmulationMode::PaperModel:
            // The same words as profileDeviceLabel(): a record whose device and profile_device
            // differ was predicted for another device.
            return phoneOrDevice(phone) + " (paper model)";
    }
    return "?";
}

double EmulatedDevice::chargedPrepMs(double measuredMs, const ImageFeatures& image,
                                     const std::string& imageKey, int repeat) const {
    if (mode == EmulationMode::Scaled) return measuredMs * slowdown;
    if (mode != EmulationMode::PaperModel) return measuredMs;
    const PaperPhone* p = findPaperPhone(phone);
    if (!p) return measuredMs;  // emulatedPhone() never makes one without a phone
    const double modelled = paperDevicePrep(*p).predict(regressorValues(image, 331));
    std::mt19937_64 rng(residualKey(seed, imageKey, repeat));
    std::normal_distribution<double> z(0.0, 1.0);
    // Log-normal with mean 1: the paper's line stays the expected time.
    const double s = residualSpread;
    return modelled * std::exp(s * z(rng) - s * s / 2);
}

double EmulatedDevice::chargedProbeMs(double measuredMs, const ImageFeatures& image) const {
    if (mode == EmulationMode::Scaled) return measuredMs * slowdown;
    if (mode != EmulationMode::PaperModel) return measuredMs;
    const PaperPhone* p = findPaperPhone(phone);
    if (!p) return measuredMs;
    return probeShareOfDevicePrep(image) * paperDevicePrep(*p).predict(regressorValues(image, 331));
}

ProbeCharge EmulatedDevice::chargedProbe(const ContentProbe& probe, const ImageFeatures& image,
                                         int target) const {
    ProbeCharge c;
    const double here = hostMs(probe.ms, probe.cpuMs);
    if (!(here > 0)) return c;  // the probe could not run
    c.ms = chargedProbeMs(here, image);
    if (decodeReusable(probe, image.width, image.height, target))
        c.reusedMs = c.ms * std::clamp(hostMs(probe.decodeMs, probe.decodeCpuMs) / here, 0.0, 1.0);
    return c;
}

Expected<EmulatedDevice> emulatedPhone(const std::string& phone, EmulationMode mode, double k) {
    const PaperPhone* p = findPaperPhone(phone);
    if (!p) return fail("unknown phone '" + phone + "' (known: " + paperPhoneNames() + ")");
    if (!(k == 0 || (k >= 1 && k <= 100))) return fail("k must be between 1 and 100");
    EmulatedDevice d;
    d.mode = mode;
    d.phone = p->name;
    d.slowdown = mode == EmulationMode::Scaled ? (k > 0 ? k : p->slowdown) : 1.0;
    return d;
}

EmulatedDevice scaledDevice(double k) {
    EmulatedDevice d;
    if (k > 1.0) {
        d.mode = EmulationMode::Scaled;
        d.slowdown = k;
    }
    return d;
}

std::string profileDeviceLabel(const CostProfile& profile) {
    switch (profile.emulation) {
        case EmulationMode::None:
            return "this machine";
        case EmulationMode::Scaled:
            return phoneOrDevice(profile.phone) + " (scaled: this machine x " +
                   kText(profile.deviceSlowdown) + ")";
        case EmulationMode::PaperModel:
            return phoneOrDevice(profile.phone) + " (paper model)";
    }
    return "?";
}

void describeDevice(CostProfile& profile, const EmulatedDevice& device) {
    profile.emulation = device.mode;
    profile.phone = device.phone;
    profile.deviceSlowdown = device.mode == EmulationMode::Scaled ? device.slowdown : 1.0;
    profile.device = device.label();
}

std::string profileMismatch(const CostProfile& profile, const EmulatedDevice& device) {
    bool same = profile.emulation == device.mode;
    if (same && device.mode == EmulationMode::Scaled)
        same = std::fabs(profile.deviceSlowdown / device.slowdown - 1.0) <= 0.02;
    if (same && device.mode == EmulationMode::PaperModel) same = profile.phone == device.phone;
    // Not the same device: their labels differ (k is labelled to 0.01, within the 2% above).
    return same ? std::string() : predictionMismatch(profileDeviceLabel(profile), device.label());
}

std::string calibrationCacheName(const EmulatedDevice& device, int target, int quality) {
    std::string id = "this-machine";
    if (device.emulated()) {
        const PaperPhone* p = findPaperPhone(device.phone);
        id = std::string(p ? p->id : "device") + "-" + emulationModeName(device.mode);
        if (device.mode == EmulationMode::Scaled) id += "-k" + kText(device.slowdown);
    }
    return id + "-" + std::to_string(target) + "-q" + std::to_string(quality) + ".json";
}

}  // namespace pieslicer
