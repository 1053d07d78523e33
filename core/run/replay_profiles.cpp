#include "run/replay_profiles.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "run/replay.h"
#include "run/sweep_grid.h"

namespace pieslicer {
namespace {

bool sameWords(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::shared_ptr<const CostProfile> describing(const std::shared_ptr<const CostProfile>& p,
                                              const EmulatedDevice& device) {
    return p && profileMismatch(*p, device).empty() ? p : nullptr;
}

}  // namespace

EmulatedDevice deviceOfRecord(const RequestRecord& r) {
    EmulatedDevice d;
    d.mode = parseEmulationMode(r.device_mode).value_or(EmulationMode::None);
    d.phone = phoneOfDeviceLabel(r.device);
    d.slowdown = d.mode == EmulationMode::Scaled ? std::max(1.0, r.device_slowdown) : 1.0;
    return d;
}

std::string phoneOfDeviceLabel(const std::string& label) {
    const auto cut = label.find(" (");
    const std::string phone = cut == std::string::npos ? "" : label.substr(0, cut);
    return phone == "device" ? "" : phone;
}

bool namesDevice(const std::string& name, const RequestRecord& r, bool exactOnly) {
    if (name == r.device) return true;
    const auto parsed = parseSweepDevices(name);
    if (parsed && parsed->size() == 1 && parsed->front().device.label() == r.device) return true;
    if (exactOnly) return false;
    const std::string phone = phoneOfDeviceLabel(r.device);
    return !phone.empty() && sameWords(name, phone);
}

DeviceProfile replayProfileFor(const ReplayConfig& config, const RequestRecord& first) {
    const EmulatedDevice device = deviceOfRecord(first);
    DeviceProfile out;
    auto found = [&](std::shared_ptr<const CostProfile> p, std::string source) {
        out.profile = std::move(p);
        out.source = std::move(source);
        out.mismatch = profileMismatch(*out.profile, device);
        return out;
    };
    // 1. Named for this device: exactly first, then by its phone's name.
    for (bool exact : {true, false})
        for (const auto& [name, p] : config.deviceProfiles)
            if (p && namesDevice(name, first, exact)) return found(p, "given for " + name);
    // 2. A profile given that describes this device.
    for (const auto& [name, p] : config.deviceProfiles)
        if (auto d = describing(p, device)) return found(d, "given (describes the device)");
    if (auto d = describing(config.profile, device))
        return found(d, "given (describes the device)");
    // 3. The sweep's own calibration of the device.
    if (!config.profileCacheDir.empty()) {
        const auto path = std::filesystem::path(config.profileCacheDir) /
                          calibrationCacheName(device, first.target, first.quality);
        std::error_code ec;
        if (std::filesystem::exists(path, ec))
            if (auto loaded = loadProfile(path.string()); loaded) {
                auto p = std::make_shared<const CostProfile>(std::move(loaded.value()));
                if (describing(p, device)) return found(p, "cached " + path.string());
            }
    }
    // 4. The one profile given, whatever it describes.
    if (config.profile) return found(config.profile, "given");
    return out;
}

}  // namespace pieslicer
