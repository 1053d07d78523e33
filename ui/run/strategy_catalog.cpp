#include "run/strategy_catalog.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QObject>
#include <QStandardPaths>
#include <algorithm>
#include <nlohmann/json.hpp>

#include "run/presets.h"
#include "strategy/strategy_factory.h"

namespace pieslicer::ui {

namespace {
const QHash<QString, QString>& labels() {
    using namespace strategy_id;
    static const QHash<QString, QString> l = {
        {kStaticDevice, QObject::tr("Static device")},
        {kStaticCloud, QObject::tr("Static cloud")},
        {kPieSlicer, QObject::tr("PieSlicer")},
        {kShortCircuit, QObject::tr("PieSlicer + short-circuit")},
        {kCorrected, QObject::tr("PieSlicer + correction")},
        {kCorrectedPrototype, QObject::tr("PieSlicer + prototype delta")},
        {kOnline, QObject::tr("PieSlicer + online models")},
        {kOracle, QObject::tr("Oracle")},
        {kInverse, QObject::tr("Inverse")},
    };
    return l;
}
}  // namespace

std::vector<StrategyInfo> availableStrategies() {
    std::vector<StrategyInfo> out;
    const QStringList defaults = defaultStrategies();
    for (const auto& id : strategyIds()) {
        StrategyInfo s;
        s.id = QString::fromStdString(id);
        s.label = strategyLabel(s.id);
        s.needsProfile = strategyNeedsProfile(id);
        s.preselected = defaults.contains(s.id);
        out.push_back(s);
    }
    return out;
}

QString strategyLabel(const QString& id) { return labels().value(id, id); }

QStringList defaultStrategies() {
    QStringList wanted = {strategy_id::kStaticDevice, strategy_id::kStaticCloud,
                          strategy_id::kPieSlicer};
    QStringList out;
    for (const auto& id : strategyIds())
        if (wanted.contains(QString::fromStdString(id))) out << QString::fromStdString(id);
    return out;
}

std::shared_ptr<const CostProfile> paperProfile() {
    // The very file shipped in resources/profiles, compiled in (dashboard.qrc), so there is
    // one copy of the paper's coefficients and the window has a model before any file lookup.
    static const auto profile = [] {
        CostProfile p;
        QFile file(QStringLiteral(":/pieslicer/profiles/pixel2-campus-wifi.json"));
        if (file.open(QIODevice::ReadOnly)) {
            const auto json = nlohmann::json::parse(file.readAll().toStdString(), nullptr, false);
            if (auto loaded = profileFromJson(json)) p = std::move(loaded.value());
        }
        return std::make_shared<const CostProfile>(std::move(p));
    }();
    return profile;
}

Expected<std::shared_ptr<const CostProfile>> resolveProfile(const QString& profilePath) {
    if (profilePath.isEmpty()) return paperProfile();
    auto loaded = loadProfile(profilePath.toStdString());
    if (!loaded) return fail("cost profile " + profilePath.toStdString() + ": " + loaded.error());
    return std::shared_ptr<const CostProfile>(
        std::make_shared<CostProfile>(std::move(loaded.value())));
}

QString profileCacheFolder() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/profiles");
}

QString deviceProfilePath(const DashboardConfig& c) {
    return profileCacheFolder() + "/" +
           QString::fromStdString(calibrationCacheName(c.device(), c.target, c.quality));
}

QString thisMachineProfilePath(int target, int quality) {
    return profileCacheFolder() + "/" +
           QString::fromStdString(calibrationCacheName(EmulatedDevice{}, target, quality));
}

QString effectiveProfilePath(const DashboardConfig& c) {
    if (!c.profilePath.isEmpty()) return c.profilePath;
    if (c.deviceMode == "profile") return {};
    const QString cached = deviceProfilePath(c);
    return QFileInfo::exists(cached) ? cached : QString();
}

QString profileMismatchWarning(const DashboardConfig& c) {
    const QString path = effectiveProfilePath(c);
    if (path.isEmpty()) return {};
    auto profile = resolveProfile(path);
    if (!profile) return {};
    return QString::fromStdString(profileMismatch(*profile.value(), c.device()));
}

namespace {

// The choice before the profile file at `path` is read: the paper's profile stands in.
RunProfileChoice unreadChoice(const DashboardConfig& c, const QString& path) {
    RunProfileChoice choice;
    for (const auto& id : c.strategies) choice.strategyIds.push_back(id.toStdString());
    choice.cacheDir = profileCacheFolder().toStdString();
    choice.profile = paperProfile();
    // Predicting a device with another's profile would make the comparison meaningless:
    // with no profile for the device measured, calibrate it.
    if (c.deviceMode != "profile" && path.isEmpty()) {
        choice.profile = nullptr;
        if (!pieslicer::needsCalibrationFirst(choice)) choice.profile = paperProfile();
    }
    return choice;
}

}  // namespace

bool needsCalibrationFirst(const DashboardConfig& c) {
    return pieslicer::needsCalibrationFirst(unreadChoice(c, effectiveProfilePath(c)));
}

Expected<RunProfileChoice> runProfileChoice(const DashboardConfig& c) {
    const QString path = effectiveProfilePath(c);
    RunProfileChoice choice = unreadChoice(c, path);
    if (path.isEmpty()) return choice;
    auto profile = resolveProfile(path);
    if (!profile) return fail(profile.error());
    choice.profile = profile.value();
    return choice;
}

}  // namespace pieslicer::ui
