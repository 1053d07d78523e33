#include "dashboard_config.h"

#include <QJsonArray>
#include <algorithm>

#include "domain/model_input.h"

namespace pieslicer::ui {

QJsonObject DashboardConfig::toJson() const {
    QJsonObject o;
    o["images"] = imagesDir;
    o["endpoint"] = endpoint;
    o["network_preset"] = networkPreset;
    o["uplink_mbps"] = uplinkMbps;
    o["rtt_ms"] = rttMs;
    o["tcp"] = QString::fromLatin1(tcpModelName(tcp));
    o["warm_connection"] = warmConnection;
    o["uplink_trace"] = uplinkTrace;
    o["device_mode"] = deviceMode;
    o["emulated_device"] = emulatedDevice;
    o["emulation"] = emulation;
    o["device_slowdown"] = slowdown;
    o["profile"] = profilePath;
    o["target"] = target;
    o["quality"] = quality;
    o["strategies"] = QJsonArray::fromStringList(strategies);
    o["repeat"] = repeat;
    o["independent_measurements"] = independentMeasurements;
    o["route"] = route;
    o["sla_ms"] = slaMs;
    return o;
}

DashboardConfig DashboardConfig::fromJson(const QJsonObject& o) {
    DashboardConfig c;
    c.imagesDir = o.value("images").toString(c.imagesDir);
    c.endpoint = o.value("endpoint").toString(c.endpoint);
    c.networkPreset = o.value("network_preset").toString(c.networkPreset);
    c.uplinkMbps = o.value("uplink_mbps").toDouble(c.uplinkMbps);
    c.rttMs = o.value("rtt_ms").toDouble(c.rttMs);
    // Files from before the TCP setting ran an ideal pipe: reopening one repeats that.
    c.tcp = parseTcpModel(o.value("tcp").toString().toStdString()).value_or(TcpModel::Ideal);
    c.warmConnection = o.value("warm_connection").toBool(c.warmConnection);
    c.uplinkTrace = o.value("uplink_trace").toString(c.uplinkTrace);
    c.deviceMode = o.value("device_mode").toString(c.deviceMode);
    c.emulatedDevice = o.value("emulated_device").toString(c.emulatedDevice);
    c.emulation = o.value("emulation").toString(c.emulation);
    c.slowdown = o.value("device_slowdown").toDouble(c.slowdown);
    c.profilePath = o.value("profile").toString(c.profilePath);
    c.target = o.value("target").toInt(c.target);
    c.quality = o.value("quality").toInt(c.quality);
    if (o.contains("strategies")) {
        c.strategies.clear();
        for (const auto& v : o.value("strategies").toArray()) c.strategies << v.toString();
    }
    c.repeat = o.value("repeat").toInt(c.repeat);
    c.independentMeasurements =
        o.value("independent_measurements").toBool(c.independentMeasurements);
    c.route = o.value("route").toString(c.route);
    c.slaMs = o.value("sla_ms").toDouble(c.slaMs);
    c.clamp();
    return c;
}

EmulatedDevice DashboardConfig::device() const {
    if (deviceMode != "emulated") return {};
    const auto mode = parseEmulationMode(emulation.toStdString()).value_or(EmulationMode::Scaled);
    auto phone = emulatedPhone(emulatedDevice.toStdString(), mode, slowdown);
    return phone ? phone.value() : scaledDevice(slowdown);
}

void DashboardConfig::clamp() {
    uplinkMbps = std::clamp(uplinkMbps, 0.1, 100.0);
    rttMs = std::clamp(rttMs, 0.0, 5000.0);
    slowdown = std::clamp(slowdown, 1.0, 100.0);
    if (!isModelInputSide(target)) target = 331;
    quality = std::clamp(quality, 1, 100);
    if (tcp != TcpModel::Linux) warmConnection = false;  // an ideal pipe has no window to keep
    repeat = std::clamp(repeat, 1, 1000);
    if (deviceMode != "this" && deviceMode != "profile" && deviceMode != "emulated")
        deviceMode = "this";
    if (emulation != "scaled" && emulation != "paper-model") emulation = "scaled";
    if (route != "pieslicer" && route != "modipick") route = "pieslicer";
    slaMs = std::clamp(slaMs, 1.0, 600000.0);
}

}  // namespace pieslicer::ui
