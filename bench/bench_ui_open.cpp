// Opens a saved experiment of N made-up records (a million by default) in the dashboard's
// main window as a user does (File > Open experiment: read on a worker in batches, appended
// with a progress bar) and reports how long it took, the event loop's gaps while it loaded,
// the peak resident memory per record, and leaves screenshots of the window half-way
// (the progress bar) and once loaded (Results and Compare tabs).
//
//   bench_ui_open [--records N] [--file experiment.json] [--reuse] [--shots DIR]
//                 [--trace-events] [--save [--write-shots]]
//
// --reuse opens an existing --file instead of writing it first. --save then saves the
// records again, once on the GUI thread (MainWindow::saveExperimentTo, what File > Save
// did) and once as File > Save does (RecordWrites, on a worker), then runs File > Export
// all, reporting the time and the event loop's gaps of each (--write-shots: a screenshot of
// each half-way, its grab counted in the gaps).
#include <sys/resource.h>

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QTabWidget>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <random>

#include "dashboard_options.h"
#include "experiment_file.h"
#include "fake_records.h"
#include "gap_meter.h"
#include "main_window.h"
#include "run/columnar_records.h"
#include "run/record_store.h"
#include "tabs/compare_tab.h"
#include "tabs/results_tab.h"
#include "timed_application.h"
#include "util/heap_tuning.h"
#include "window/record_jobs.h"
#include "window/record_writes.h"

using namespace pieslicer;
using namespace pieslicer::ui;

namespace {

long peakRssKb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

void wait(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

struct Gaps {
    std::vector<double> wall, cpu;
    void clear() { wall.clear(), cpu.clear(); }
    void add(double w, double c) { wall.push_back(w), cpu.push_back(c); }
    // "max / p99 ms (GUI-thread CPU in the longest: x ms)"
    void print(const char* what, double tookMs) const {
        if (wall.empty()) return;
        std::vector<double> sorted = wall;
        std::sort(sorted.begin(), sorted.end());
        const auto worst = std::size_t(std::max_element(wall.begin(), wall.end()) - wall.begin());
        std::printf(
            "  %-24s : %.1f s; event loop gap max / p99 %.1f / %.1f ms (GUI CPU in "
            "the longest %.1f ms)\n",
            what, tookMs / 1000, sorted.back(),
            sorted[std::size_t(0.99 * double(sorted.size() - 1))], cpu[worst]);
    }
};

void shot(QWidget& w, const QString& dir, const QString& name);

// A write on RecordWrites to its end, with the event loop's gaps meanwhile, and with
// `shotName` a screenshot of the window half-way (the progress bar in the status bar; the
// grab is a gap of its own, so only when asked).
template <typename Start>
void timeWrite(MainWindow& w, Gaps& gaps, const char* what, const QString& shots,
               const QString& shotName, Start start) {
    QEventLoop done;
    QString error;
    auto c = QObject::connect(w.recordWrites(), &RecordWrites::finished, &w,
                              [&](const QString&, const QString& e) {
                                  error = e;
                                  done.quit();
                              });
    bool shown = false;
    auto half = QObject::connect(w.recordWrites(), &RecordWrites::progress, &w,
                                 [&](qint64 at, qint64 total) {
                                     if (shotName.isEmpty() || shown || 2 * at < total) return;
                                     shown = true;
                                     shot(w, shots, shotName);
                                 });
    wait(100);  // the gap meter's tick after what ran before lands first
    QElapsedTimer t;
    t.start();
    gaps.clear();
    QString err;
    if (!start(&err)) {
        std::printf("  %s did not start: %s\n", what, qPrintable(err));
        return;
    }
    const double startMs = t.nsecsElapsed() / 1e6;
    done.exec();
    QObject::disconnect(c);
    QObject::disconnect(half);
    gaps.print(what, t.nsecsElapsed() / 1e6);
    std::printf("  %-24s   (starting it took %.1f ms of the GUI thread)\n", "", startMs);
    if (!error.isEmpty()) std::printf("  %s failed: %s\n", what, qPrintable(error));
}

void shot(QWidget& w, const QString& dir, const QString& name) {
    const QString path = QDir(dir).filePath(name);
    if (w.grab().toImage().save(path))
        std::printf("  screenshot               : %s\n", qPrintable(path));
}

}  // namespace

// The dashboard's icons and profiles, as its main() loads them (from the global namespace).
static void initResources() { Q_INIT_RESOURCE(dashboard); }

int main(int argc, char** argv) {
    bench::TimedApplication app(argc, argv);
    initResources();  // without it: "qt.svg: Cannot open ':/pieslicer/icons/app.svg'"
    pieslicer::returnLargeBuffersToTheSystem();  // as the dashboard does
    // --trace-events: what the GUI thread ran in every event of 8 ms or more.
    if (app.arguments().contains("--trace-events")) app.keepFromMs = 8;
    const QStringList args = app.arguments();
    int records = 1000000;
    QString file = QDir::temp().filePath("bench_ui_open.pieslicer.json");
    QString shots = QDir::temp().filePath("bench_ui_open_shots");
    const bool reuse = args.contains("--reuse");
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == "--records") records = args[i + 1].toInt();
        if (args[i] == "--file") file = args[i + 1];
        if (args[i] == "--shots") shots = args[i + 1];
    }
    QDir().mkpath(shots);
    if (!reuse) {
        QElapsedTimer t;
        t.start();
        ColumnarRecords store;
        std::mt19937 rng(42);
        for (int i = 0; i < records; ++i) store.append(bench::fakeRecord(i, rng));
        DashboardConfig config;
        config.strategies = {"static-device", "static-cloud", "pieslicer"};
        auto saved = saveExperiment(file, config, store.view());
        if (!saved) {
            std::fprintf(stderr, "%s\n", saved.error().c_str());
            return 2;
        }
        std::printf("bench_ui_open: wrote %d records, %.0f MB, in %.1f s\n", records,
                    QFileInfo(file).size() / 1e6, t.elapsed() / 1000.0);
    }
    DashboardOptions o;
    o.noSettings = true;
    MainWindow w(o);
    w.resize(1600, 1000);
    w.show();
    w.tabs()->setCurrentWidget(w.resultsTab());
    const long rssBefore = peakRssKb();

    std::vector<double> gaps, cpu;
    bench::GapMeter meter([&](double wallMs, double cpuMs) {
        gaps.push_back(wallMs);
        cpu.push_back(cpuMs);
    });
    QElapsedTimer clock;
    clock.start();
    double openedMs = -1, scoredMs = -1;
    QString error;
    bool halfShot = false;
    QObject::connect(w.store(), &RecordStore::appended, &w, [&](int first, int count) {
        if (!halfShot && first + count >= records / 2) {
            halfShot = true;
            shot(w, shots, "opening-half-way.png");
        }
    });
    QObject::connect(w.recordJobs(), &RecordJobs::finished, &w,
                     [&](const QString&, const QString& e) {
                         openedMs = clock.nsecsElapsed() / 1e6;
                         error = e;
                     });
    // Not QApplication::quit(): in Qt 6 it closes every window first, and the screenshots
    // after it were of hidden tabs whose charts never redrew.
    QEventLoop loaded;
    QObject::connect(w.compareTab(), &CompareTab::updated, &w, [&](qint64 scored) {
        if (openedMs >= 0 && scored == records && scoredMs < 0) {
            scoredMs = clock.nsecsElapsed() / 1e6;
            QTimer::singleShot(300, &loaded, &QEventLoop::quit);
        }
    });
    QString err;
    if (!w.recordJobs()->openExperiment(file, &err)) {
        std::fprintf(stderr, "%s\n", qPrintable(err));
        return 2;
    }
    QTimer::singleShot(600000, &loaded, &QEventLoop::quit);
    loaded.exec();
    if (!error.isEmpty()) std::printf("  open failed: %s\n", qPrintable(error));

    std::vector<double> sorted = gaps;
    std::sort(sorted.begin(), sorted.end());
    const std::size_t worst =
        std::size_t(std::max_element(gaps.begin(), gaps.end()) - gaps.begin());
    std::printf("bench_ui_open: %zu records opened from %s\n", w.store()->size(), qPrintable(file));
    std::printf("  loaded                   : %.1f s; Compare scored all %.1f s after the start\n",
                openedMs / 1000, scoredMs / 1000);
    std::printf(
        "  event loop gap max / p99 : %.1f / %.1f ms (GUI-thread CPU in the longest: "
        "%.1f ms, most in any gap: %.1f ms)\n",
        sorted.back(), sorted[std::size_t(0.99 * (sorted.size() - 1))], cpu[worst],
        *std::max_element(cpu.begin(), cpu.end()));
    std::printf("  peak RSS                 : %.1f MB (%.1f before), %.0f bytes per record\n",
                peakRssKb() / 1024.0, rssBefore / 1024.0,
                (peakRssKb() - rssBefore) * 1024.0 / std::max(1, records));
    if (app.keepFromMs > 0) app.report();
    w.tabs()->setCurrentWidget(w.resultsTab());
    wait(2000);  // charts redraw in turns after a tab is shown (slower on a loaded machine)
    shot(w, shots, "opened-results.png");
    w.tabs()->setCurrentWidget(w.compareTab());
    wait(2000);  // charts redraw in turns after a tab is shown (slower on a loaded machine)
    shot(w, shots, "opened-compare.png");

    if (args.contains("--save")) {
        app.clear();
        Gaps during;
        bench::GapMeter saveMeter([&](double wallMs, double cpuMs) { during.add(wallMs, cpuMs); });
        const QString saved = file + ".saved.json";
        QElapsedTimer t;
        t.start();
        QString saveErr;
        if (!w.saveExperimentTo(saved, &saveErr)) std::printf("  save: %s\n", qPrintable(saveErr));
        std::printf("  %-24s : %.1f s, one event of the GUI thread\n", "save on the GUI thread",
                    t.nsecsElapsed() / 1e6 / 1000);
        const bool writeShots = args.contains("--write-shots");
        timeWrite(w, during, "File > Save (worker)", shots, writeShots ? "saving-half-way.png" : "",
                  [&](QString* e) { return w.recordWrites()->saveExperiment(saved, e); });
        const QString bundle = file + ".bundle";
        timeWrite(w, during, "File > Export all", shots, writeShots ? "exporting-half-way.png" : "",
                  [&](QString* e) { return w.recordWrites()->exportAll(bundle, e); });
        QFile::remove(saved);
        QDir(bundle).removeRecursively();
        if (app.keepFromMs > 0) {
            std::printf("  while saving and exporting:\n");
            app.report();
        }
    }

    return error.isEmpty() && w.store()->size() == std::size_t(records) ? 0 : 1;
}
