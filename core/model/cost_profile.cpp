#include "model/cost_profile.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "util/atomic_file.h"

namespace pieslicer {
namespace {

constexpr int kFormatVersion = 1;

Expected<double> number(const nlohmann::json& j, const char* key, double fallback,
                        bool required = false) {
    const auto it = j.find(key);
    if (it == j.end()) {
        if (required) return fail(std::string(key) + ": required");
        return fallback;
    }
    if (!it->is_number()) return fail(std::string(key) + ": a number is required");
    return it->get<double>();
}

std::string text(const nlohmann::json& j, const char* key, const std::string& fallback) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

}  // namespace

std::string CostProfile::sentKey(int target, int quality) {
    return std::to_string(target) + "/" + std::to_string(quality);
}

const ComponentModel* CostProfile::sentBytesModel() const {
    const auto it = sentBytes.find(sentKey(target, quality));
    return it == sentBytes.end() ? nullptr : &it->second;
}

nlohmann::json profileToJson(const CostProfile& p) {
    nlohmann::json sent = nlohmann::json::object();
    for (const auto& [key, model] : p.sentBytes) sent[key] = componentToJson(model);
    return {
        {"format", "pieslicer-cost-profile"},
        {"version", kFormatVersion},
        {"name", p.name},
        {"device", p.device},
        {"device_slowdown", p.deviceSlowdown},
        {"emulation", emulationModeName(p.emulation)},
        {"phone", p.phone},
        {"network", p.network},
        {"source", p.source},
        {"calibration_method", p.calibrationMethod},
        {"calibration_link",
         {{"uplink_bits_per_second", p.calibrationLink.uplinkBitsPerSecond},
          {"rtt_ms", p.calibrationLink.rttMs},
          {"tcp", tcpModelName(p.calibrationLink.tcp)}}},
        {"target", p.target},
        {"quality", p.quality},
        {"units", "times in ms, sizes in bytes; file_mb = bytes / 1e6"},
        {"device_prep_ms", componentToJson(p.devicePrep)},
        {"sent_bytes", sent},
        {"transfer_ms", componentToJson(p.transfer)},
        {"wire_overhead_bytes", p.wireOverheadBytes},
        {"link_extra_ms", p.linkExtraMs},
        {"cloud_prep_ms", componentToJson(p.cloudPrep)},
        {"detail_prior", detailPriorToJson(p.detailPrior)},
    };
}

namespace {

Expected<ProfileLink> calibrationLinkFromJson(const nlohmann::json& link) {
    if (!link.is_object()) return fail("calibration_link: an object is required");
    auto rate = number(link, "uplink_bits_per_second", 0);
    auto rtt = number(link, "rtt_ms", 0);
    if (!rate) return fail("calibration_link." + rate.error());
    if (!rtt) return fail("calibration_link." + rtt.error());
    const auto tcpText = link.find("tcp");
    const auto tcp = tcpText != link.end() && tcpText->is_string()
                         ? parseTcpModel(tcpText->get<std::string>())
                         : std::optional<TcpModel>(TcpModel::Ideal);  // older profiles
    if (!tcp) return fail("calibration_link.tcp must be \"ideal\" or \"linux\"");
    return ProfileLink{rate.value(), rtt.value(), *tcp};
}

// f, g and h (required) and the s' models (per "target/quality").
Expected<bool> componentsFromJson(const nlohmann::json& j, CostProfile& p) {
    struct Part {
        const char* key;
        ComponentModel* model;
    };
    for (Part part : {Part{"device_prep_ms", &p.devicePrep}, Part{"transfer_ms", &p.transfer},
                      Part{"cloud_prep_ms", &p.cloudPrep}}) {
        const auto it = j.find(part.key);
        if (it == j.end()) return fail(std::string(part.key) + ": required");
        auto m = componentFromJson(*it, part.key);
        if (!m) return fail(m.error());
        *part.model = std::move(m.value());
    }
    const auto sent = j.find("sent_bytes");
    if (sent == j.end()) return true;
    if (!sent->is_object())
        return fail("sent_bytes: an object keyed by \"target/quality\" is required");
    for (const auto& [key, value] : sent->items()) {
        auto m = componentFromJson(value, "sent_bytes." + key);
        if (!m) return fail(m.error());
        p.sentBytes[key] = std::move(m.value());
    }
    return true;
}

}  // namespace

Expected<CostProfile> profileFromJson(const nlohmann::json& j) {
    if (!j.is_object()) return fail("a cost profile must be a JSON object");
    if (text(j, "format", "") != "pieslicer-cost-profile")
        return fail("not a PieSlicer cost profile (\"format\" must be \"pieslicer-cost-profile\")");
    auto version = number(j, "version", kFormatVersion);
    if (!version) return fail(version.error());
    if (int(version.value()) > kFormatVersion)
        return fail("profile version " + std::to_string(int(version.value())) +
                    " is newer than this program (" + std::to_string(kFormatVersion) + ")");
    CostProfile p;
    p.name = text(j, "name", "");
    p.device = text(j, "device", p.device);
    p.network = text(j, "network", "");
    p.source = text(j, "source", "");
    auto method = number(j, "calibration_method", 0);
    if (!method) return fail(method.error());
    if (!(method.value() >= 0 && method.value() <= 1000))
        return fail("calibration_method must be between 0 and 1000");
    p.calibrationMethod = int(method.value());
    auto k = number(j, "device_slowdown", 1.0);
    if (!k) return fail(k.error());
    if (!(k.value() >= 1.0 && k.value() <= 100.0))
        return fail("device_slowdown must be between 1 and 100");
    p.deviceSlowdown = k.value();
    p.phone = text(j, "phone", "");
    const std::string emulation = text(j, "emulation", "");
    if (emulation.empty()) {
        p.emulation = p.deviceSlowdown > 1.0 ? EmulationMode::Scaled : EmulationMode::None;
    } else if (auto mode = parseEmulationMode(emulation)) {
        p.emulation = *mode;
    } else {
        return fail("emulation must be this-machine, scaled or paper-model, not '" + emulation +
                    "'");
    }
    if (const auto link = j.find("calibration_link"); link != j.end()) {
        auto read = calibrationLinkFromJson(*link);
        if (!read) return fail(read.error());
        p.calibrationLink = read.value();
    }
    auto target = number(j, "target", 331);
    auto quality = number(j, "quality", 90);
    if (!target || !quality) return fail(!target ? target.error() : quality.error());
    p.target = int(target.value());
    p.quality = int(quality.value());
    if (p.target < 1 || p.target > 4096 || p.quality < 1 || p.quality > 100)
        return fail("target must be 1..4096 and quality 1..100");

    if (auto read = componentsFromJson(j, p); !read) return fail(read.error());
    auto overhead = number(j, "wire_overhead_bytes", p.wireOverheadBytes);
    auto extra = number(j, "link_extra_ms", 0);
    if (!overhead || !extra) return fail(!overhead ? overhead.error() : extra.error());
    p.wireOverheadBytes = overhead.value();
    p.linkExtraMs = extra.value();
    if (const auto prior = j.find("detail_prior"); prior != j.end()) {
        auto read = detailPriorFromJson(*prior);
        if (!read) return fail(read.error());
        p.detailPrior = std::move(read.value());
    }
    return p;
}

CostProfile withDeviceSlowdown(const CostProfile& profile, double k) {
    CostProfile p = profile;
    const double ratio = k / profile.deviceSlowdown;
    p.devicePrep.intercept *= ratio;
    for (double& s : p.devicePrep.slopes) s *= ratio;
    p.deviceSlowdown = k;
    return p;
}

Expected<CostProfile> loadProfile(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) return fail("cannot open profile " + path.string());
    nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return fail(path.string() + ": not valid JSON");
    auto p = profileFromJson(j);
    if (!p) return fail(path.string() + ": " + p.error());
    return p;
}

Expected<bool> saveProfile(const CostProfile& profile, const std::filesystem::path& path) {
    return writeFileAtomically(path, profileToJson(profile).dump(2) + "\n");
}

}  // namespace pieslicer
