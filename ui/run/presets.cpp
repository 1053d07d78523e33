#include "run/presets.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include "model/cost_profile.h"
#include "net/network_presets.h"

namespace pieslicer::ui {

const std::vector<NetworkPreset>& networkPresets() {
    static const std::vector<NetworkPreset> presets = [] {
        std::vector<NetworkPreset> out;
        for (const auto& p : namedNetworks())
            out.push_back({QString::fromStdString(p.id), QString::fromStdString(p.label),
                           p.uplinkMbps, p.rttMs, QString::fromStdString(p.note), p.tcp});
        return out;
    }();
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
