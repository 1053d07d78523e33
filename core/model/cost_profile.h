#pragma once
// A cost profile: the fitted components of PieSlicer's model for one device, endpoint
// and network, plus how to emulate that device. Saved as JSON (resources/profiles/).
#include <filesystem>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "domain/device_emulation.h"
#include "domain/link_shape.h"
#include "model/component_model.h"
#include "model/detail_prior.h"
#include "util/expected.h"

namespace pieslicer {

// The link a profile's transfer line was measured on; 0 where unknown (paper profiles).
struct ProfileLink {
    double uplinkBitsPerSecond = 0;
    double rttMs = 0;
    TcpModel tcp = TcpModel::Ideal;  // the fitted line includes slow start under linux
};

// Raised when calibration fits differently enough that older calibrations mislead: 2 fits f
// per decoder family, with a large progressive picture at two qualities, and the header's
// prior of the probe's detail with an out-of-sample spread; 3 charges a scaled phone the least
// CPU time of three runs of its stages and fits a term for alpha channels; 4 one for
// interlaced PNGs.
constexpr int kCalibrationMethod = 4;

struct CostProfile {
    std::string name;                     // "pixel2-campus-wifi", "calibrated"
    std::string device = "this machine";  // written into every record
    double deviceSlowdown = 1.0;          // k: on-device stages stretched to k times when emulating
    // Which device f describes: this machine, one scaled by k, or a phone's own fitted model
    // (the paper's profiles). Profiles without the key: scaled when k > 1, else this machine.
    EmulationMode emulation = EmulationMode::None;
    std::string phone;    // the paper phone emulated ("Pixel 2"), empty for this machine
    std::string network;  // "campus Wi-Fi", "emulated 8 Mbit/s, 40 ms"
    std::string source;   // where the numbers come from
    ProfileLink calibrationLink;
    // How it was calibrated: kCalibrationMethod at the time (0: by hand, the paper's, or
    // before the key existed). A cache of calibrations keeps only the current method's.
    int calibrationMethod = 0;

    // The model input and on-device JPEG quality predictions are made for.
    int target = 331;
    int quality = 90;

    // f: on-device preprocessing of the original, ms (already including k).
    ComponentModel devicePrep;
    // s': bytes of the JPEG the device would send, per "target/quality" key ("331/90").
    std::map<std::string, ComponentModel> sentBytes;
    // g: transfer time in ms as a line of the MB sent (the paper's way).
    ComponentModel transfer;
    // g from the current link instead: RTT + (bytes + wireOverheadBytes)*8/rate + linkExtraMs.
    double wireOverheadBytes = 800;  // request line, headers, multipart framing
    double linkExtraMs = 0;          // what the link formula missed on average at calibration
    // h: in-cloud preprocessing of whatever arrives, ms.
    ComponentModel cloudPrep;
    // What the header says of the content probe's detail (unfitted in the paper's profiles).
    DetailPrior detailPrior;

    static std::string sentKey(int target, int quality);
    // s' model for the profile's target/quality; null if the profile has none.
    const ComponentModel* sentBytesModel() const;
};

nlohmann::json profileToJson(const CostProfile& profile);
Expected<CostProfile> profileFromJson(const nlohmann::json& j);
Expected<CostProfile> loadProfile(const std::filesystem::path& path);
// The same profile for a device k' instead of k times slower: f is scaled by k'/k (the
// on-device stages are stretched by that ratio when emulating).
CostProfile withDeviceSlowdown(const CostProfile& profile, double k);

Expected<bool> saveProfile(const CostProfile& profile, const std::filesystem::path& path);

}  // namespace pieslicer
