#include "run/presets.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include "model/cost_profile.h"

namespace pieslicer::ui {

const std::vector<NetworkPreset>& networkPresets() {
    static const std::vector<NetworkPreset> presets = {
        {"campus-wifi", "Campus Wi-Fi (paper, Moto X)", 52.0, 93.0,
         "ICPE'21 campus Wi-Fi: g slope 153.7 ms/MB = 52 Mbit/s, fixed cost 93 ms"},
        {"campus-wifi-nexus5", "Campus Wi-Fi (paper, Nexus 5)", 20.5, 105.0,
         "ICPE'21 campus Wi-Fi: g slope 389.7 ms/MB = 20.5 Mbit/s, fixed cost 105 ms"},
        {"residential-wifi", "Residential Wi-Fi (paper, Moto X)", 7.4, 108.0,
         "ICPE'21 residential Wi-Fi: g slope 1086 ms/MB = 7.4 Mbit/s, fixed cost 108 ms"},
        {"residential-wifi-pixel2", "Residential Wi-Fi (paper, Pixel 2)", 5.2, 112.0,
         "ICPE'21 residential Wi-Fi: g slope 1529 ms/MB = 5.2 Mbit/s, fixed cost 112 ms"},
        {"slow-3g", "Chrome Slow 3G", 0.4, 2000.0, "Chrome DevTools: 400 kbit/s up, 2000 ms RTT"},
        {"slow-4g", "Chrome Slow 4G", 0.675, 562.5, "Chrome DevTools: 675 kbit/s up, 562.5 ms RTT"},
        {"fast-4g", "Chrome Fast 4G", 1.35, 165.0, "Chrome DevTools: 1.35 Mbit/s up, 165 ms RTT"},
        {"lan", "Fast LAN (tests)", 100.0, 2.0, "100 Mbit/s, 2 ms, ideal TCP: quick runs",
         TcpModel::Ideal},
    };
    return presets;
}

const NetworkPreset* findNetworkPreset(const QString& id) {
    for (const auto& p : networkPresets())
        if (p.id == id) return &p;
    return nullptr;
}

const std::vector<DevicePreset>& devicePresets() {
    // Slowdowns are starting points: a desktop core preprocesses a 1 MB JPEG in roughly
    // 10 ms; the phones took f(1 MB) = a_f + b_f. The Models tab shows the real ratio.
    static const std::vector<DevicePreset> presets = {
        {"Nexus 5", "nexus5", 103.982, 36.018, 8.0},
        {"Moto X", "motox", 68.355, 73.460, 6.0},
        {"Pixel 2", "pixel2", 39.143, 63.091, 4.0},
    };
    static const std::vector<DevicePreset> withProfiles = [] {
        auto out = presets;
        for (auto& p : out) {  // the shipped profiles know k for the machine they were made on
            auto loaded = loadProfile(paperProfilePath(p.name, "campus-wifi", 50).toStdString());
            if (loaded && loaded->deviceSlowdown >= 1) p.slowdown = loaded->deviceSlowdown;
        }
        return out;
    }();
    return withProfiles;
}

const DevicePreset* findDevicePreset(const QString& name) {
    for (const auto& p : devicePresets())
        if (p.name == name) return &p;
    return nullptr;
}

namespace {

// resources/<name> of an installed or a built tree, else of the source tree.
QString resourcesFolder(const QString& name) {
    const QString app = QCoreApplication::applicationDirPath();
    QStringList candidates;
    for (const QString& rel : {"../resources/", "../../resources/", "../share/pieslicer/"})
        candidates << QDir(app).filePath(rel + name);
    candidates << QStringLiteral(PIESLICER_SOURCE_DIR "/resources/") + name;
    for (const auto& c : candidates)
        if (QFileInfo(c).isDir()) return QDir(c).canonicalPath();
    return {};
}

}  // namespace

QString profilesFolder() { return resourcesFolder("profiles"); }

QString tracesFolder() { return resourcesFolder("traces"); }

QString paperProfilePath(const QString& phone, const QString& networkPreset, double uplinkMbps) {
    static const std::vector<std::pair<QString, QString>> ids = {
        {"Nexus 5", "nexus5"}, {"Moto X", "motox"}, {"Pixel 2", "pixel2"}};
    QString id;
    for (const auto& [name, fileId] : ids)
        if (name == phone) id = fileId;
    const QString dir = profilesFolder();
    if (id.isEmpty() || dir.isEmpty()) return {};
    const bool residential = networkPreset.startsWith("residential") || uplinkMbps < 15;
    const QString path =
        QDir(dir).filePath(id + (residential ? "-residential-wifi.json" : "-campus-wifi.json"));
    return QFileInfo::exists(path) ? path : QString();
}

}  // namespace pieslicer::ui
