#pragma once
// The command line of pieslicer-dashboard (QCommandLineParser): settings that
// override the saved ones, and the unattended mode (--autorun --export-dir
// --quit-when-done) that makes reproducible figures and drives the GUI in tests.
#include <QStringList>
#include <optional>

#include "dashboard_config.h"
#include "model/scoring.h"

class QCommandLineParser;

namespace pieslicer::ui {

struct DashboardOptions {
    std::optional<QString> images;
    std::optional<QString> endpoint;
    std::optional<double> uplinkMbps;
    std::optional<double> rttMs;
    std::optional<QString> preset;
    std::optional<TcpModel> tcp;         // --tcp ideal|linux (as the CLI)
    bool warmConnection = false;         // --warm-connection (needs linux TCP)
    std::optional<QString> uplinkTrace;  // --uplink-trace FILE; empty: none
    std::optional<QStringList> strategies;
    std::optional<int> repeat;
    bool independent = false;          // --independent: a request per strategy
    std::optional<QString> device;     // "this", "profile:<path>", "<phone>[:k]"
    std::optional<QString> emulation;  // "scaled" or "paper-model"
    std::optional<int> target;
    std::optional<int> quality;
    std::optional<QString> profile;
    std::optional<QString> route;  // "pieslicer" or "modipick"
    std::optional<double> slaMs;
    QString openExperiment;
    QString exportDir;
    QString summaryJson;     // --summary-json FILE: the scores with intervals, when the run ends
    ScoringOptions scoring;  // --decisive-margin, --bootstrap, --bootstrap-seed
    QString screenshot;      // after an unattended run: a PNG of the window ...
    QString tab;             // ... showing this tab (images, live, compare, models, results, sweep)
    QString select;  // ... with this image selected (Images, or its first record in Results)
    int changeUplinkAfter = -1;  // --change-uplink-after N:RATE (scripted link change)
    double changedUplinkMbps = 0;
    // --sweep-uplinks (and --sweep-rtts, --sweep-devices, --sweep-tcp): --autorun runs this
    // sweep in the Sweep tab instead of a run; --export-dir gets its CSV, summary and PNGs.
    struct SweepLists {
        QString uplinks, rtts = QStringLiteral("auto"), devices = QStringLiteral("this machine"),
                         tcp = QStringLiteral("ideal");
    };
    std::optional<SweepLists> sweep;
    bool autorun = false;
    bool quitWhenDone = false;
    bool noSettings = false;  // neither read nor write QSettings

    // Something to do when the run ends: export, screenshot or quit.
    bool unattended() const {
        return !exportDir.isEmpty() || quitWhenDone || !screenshot.isEmpty() ||
               !summaryJson.isEmpty();
    }

    // Overrides `c` with what was given.
    void applyTo(DashboardConfig& c) const;
};

// Parses `args` (argv with the program name first). On a usage error returns nullopt
// and sets `error`; --help and --version are handled by the caller via `parser`.
std::optional<DashboardOptions> parseDashboardOptions(const QStringList& args, QString* error,
                                                      QCommandLineParser* parser = nullptr);

}  // namespace pieslicer::ui
