#pragma once
// Everything a user sets before pressing Run, as one value: saved in experiment
// files and QSettings, filled from the command line, turned into an ExperimentConfig.
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include "domain/link_shape.h"
#include "run/emulated_device.h"

namespace pieslicer::ui {

struct DashboardConfig {
    QString imagesDir;
    QString endpoint = QStringLiteral("embedded");  // "embedded" or an http(s) URL
    QString networkPreset = QStringLiteral("campus-wifi");
    double uplinkMbps = 52.0;
    double rttMs = 93.0;
    TcpModel tcp = TcpModel::Linux;  // the default preset's; custom links default to Ideal
    bool warmConnection = false;     // only with Linux: uploads keep the window they grew
    QString uplinkTrace;             // Mahimahi trace file replacing the fixed uplink rate
    // The paper's question is a phone's: by default a Pixel 2 emulated at its k against this
    // machine, predicted by a calibration of that emulated device.
    QString deviceMode = QStringLiteral("emulated");  // "this", "profile", "emulated"
    QString emulatedDevice = QStringLiteral("Pixel 2");
    QString emulation = QStringLiteral("scaled");  // "scaled" or "paper-model"
    double slowdown = 5.1;                         // k of a scaled phone
    QString profilePath;  // cost profile JSON for "profile" (and for model-based strategies)
    int target = 331;
    int quality = 90;
    QStringList strategies;
    int repeat = 1;
    bool independentMeasurements = false;  // a request per strategy instead of shared ones
    // The endpoint's route: "pieslicer" runs its fixed model; "modipick" the most accurate
    // model whose inference fits what is left of slaMs after pre-execution.
    QString route = QStringLiteral("pieslicer");
    double slaMs = 1000;  // t_sla sent with every request

    // The device a run measures (this machine for "this" and "profile").
    EmulatedDevice device() const;
    bool embedded() const { return endpoint.isEmpty() || endpoint == QLatin1String("embedded"); }
    QJsonObject toJson() const;
    // Missing keys keep their defaults; out-of-range numbers are clamped.
    static DashboardConfig fromJson(const QJsonObject& o);
    void clamp();
};

}  // namespace pieslicer::ui
