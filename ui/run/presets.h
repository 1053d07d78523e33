#pragma once
// Network and device presets from the paper and from Chrome DevTools (see PIESLICER.md).
#include <QString>
#include <vector>

#include "domain/link_shape.h"

namespace pieslicer::ui {

// core's table (net/network_presets.h) in Qt's words.
struct NetworkPreset {
    QString id;
    QString label;
    double uplinkMbps;
    double rttMs;
    QString note;
    TcpModel tcp = TcpModel::Linux;
};

const std::vector<NetworkPreset>& networkPresets();
const NetworkPreset* findNetworkPreset(const QString& id);

struct DevicePreset {
    QString name;
    QString fileId;   // resources/profiles/<fileId>-<campus|residential>-wifi.json
    double aF;        // on-device preprocessing slope, ms/MB (the paper's f)
    double bF;        // intercept, ms
    double slowdown;  // default stretch factor relative to a desktop CPU
};
const std::vector<DevicePreset>& devicePresets();
const DevicePreset* findDevicePreset(const QString& name);

// resources/profiles/ next to the executable or in the source tree; empty if absent.
QString profilesFolder();
// resources/traces/ (shipped Mahimahi uplink traces), found the same way; empty if absent.
QString tracesFolder();
// The paper's profile of `phone` on the Wi-Fi closest to the network preset
// (residential presets and slow links: residential; otherwise campus); empty if absent.
QString paperProfilePath(const QString& phone, const QString& networkPreset, double uplinkMbps);

}  // namespace pieslicer::ui
