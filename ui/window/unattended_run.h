#pragma once
// The unattended mode (--autorun, --export-dir, --summary-json, --screenshot,
// --quit-when-done, and --sweep-uplinks for a sweep): the window runs, exports, takes its
// screenshot and quits by itself, which makes figures reproducible and lets tests drive the whole
// GUI.
#include <QObject>

#include "dashboard_options.h"

namespace pieslicer::ui {

class MainWindow;

class UnattendedRun : public QObject {
    Q_OBJECT
  public:
    UnattendedRun(MainWindow* window, const DashboardOptions& options);

    // Call once the window is built and configured; starts from the event loop.
    void begin();
    // The window's run ended (and the window stays open).
    void onRunFinished(const QString& error);

  signals:
    // 0 on success, 2 if the run failed, otherwise 3 if the export, the summary or the
    // screenshot failed.
    void done(int exitCode);

  private:
    void finish(const QString& runError);
    // --sweep-uplinks with --autorun: the Sweep tab runs the grid, then exports.
    void beginSweep();
    void finishSweep(const QString& sweepError);
    // The window as a PNG (--screenshot) once the shown tab has redrawn, then report().
    void screenshotThenReport(int code);
    // --select: the image (or its first record) selected in the tab shown; false if none.
    bool selectForScreenshot();
    void report(int exitCode);

    MainWindow* window_;
    const DashboardOptions options_;
};

}  // namespace pieslicer::ui
