// A folder of 10,000 images in the Images tab (issue #11 item 4): scans it, then walks
// the selection down the table as a user holding the arrow key would, each selection
// asking the detail pane for a thumbnail (off the GUI thread, cached) and a breakdown of
// the image's records (a worker over a snapshot of 4 records per image). Reports the
// longest stalls of the GUI event loop, how many thumbnails were decoded or skipped, and
// how long the last selected image's thumbnail took to show.
//
//   bench_ui_images [--images N] [--interval-ms MS] [--selections N] [--sync]
//
// --sync also decodes each selected image's preview on the GUI thread, as a pane without
// the worker pool would: the figure to compare with.
//
// The folder is N symbolic links (distinct paths, so no cache hit is free) to the
// sample images, in a temporary folder removed at the end. Stalls are measured with a
// 2 ms timer on the GUI thread, as in bench_ui_live, with the GUI thread's own CPU time in
// each gap (on a loaded machine a wall-clock gap is mostly waiting for a core).
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <vector>

#include "gap_meter.h"
#include "panels/image_detail_pane.h"
#include "run/record_store.h"
#include "run/thumbnail_cache.h"
#include "tabs/images_tab.h"

using namespace pieslicer;
using namespace pieslicer::ui;

namespace {

int intArg(const QStringList& args, const QString& name, int fallback) {
    const int i = int(args.indexOf(name));
    return i >= 0 && i + 1 < args.size() ? args[i + 1].toInt() : fallback;
}

struct Gaps {
    double max = 0, p99 = 0, p50 = 0;
    long over16 = 0;
};

Gaps summarize(std::vector<double> g) {
    Gaps s;
    if (g.empty()) return s;
    std::sort(g.begin(), g.end());
    s.max = g.back();
    s.p99 = g[std::size_t(0.99 * double(g.size() - 1))];
    s.p50 = g[g.size() / 2];
    s.over16 = long(std::count_if(g.begin(), g.end(), [](double x) { return x > 16; }));
    return s;
}

// Four records per image (the statics, pieslicer, the oracle), for the breakdown worker.
std::vector<RequestRecord> recordsFor(int images) {
    std::vector<RequestRecord> rows;
    rows.reserve(std::size_t(images) * 4);
    for (int i = 0; i < images; ++i) {
        const std::string name = QString("img_%1.jpg").arg(i, 5, 10, QChar('0')).toStdString();
        for (const char* s : {"static-device", "static-cloud", "pieslicer", "oracle"}) {
            RequestRecord r;
            r.image_name_orig = name;
            r.strategy = s;
            const bool device = std::string(s) != "static-cloud";
            r.preprocess_location = device ? "local" : "remote";
            r.measurement_id = std::to_string(i) + (device ? "/local" : "/remote");
            r.time_local_preprocess = device ? 30 : 0;
            r.transfer_time_real = device ? 12 : 80;
            r.preexecution_time = device ? 50 : 95;
            rows.push_back(r);
        }
    }
    return rows;
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int images = intArg(args, "--images", 10000);
    const int intervalMs = intArg(args, "--interval-ms", 30);  // key auto-repeat ~33/s
    const int selections = std::min(images, intArg(args, "--selections", 1000));
    const bool sync = args.contains("--sync");

    QTemporaryDir dir;
    QStringList samples;
    for (const QString& f : QDir(PIESLICER_SAMPLE_IMAGES).entryList({"*.jpg", "*.png"}))
        samples << QDir(PIESLICER_SAMPLE_IMAGES).absoluteFilePath(f);
    for (int i = 0; i < images; ++i) {
        const QString& target = samples[i % samples.size()];
        const QString ext = target.endsWith(".png") ? "png" : "jpg";
        // .jpg names for the records; a PNG behind a .jpg name is still probed by content.
        QFile::link(
            target,
            dir.filePath(
                QString("img_%1.%2").arg(i, 5, 10, QChar('0')).arg(ext == "png" ? "jpg" : ext)));
    }

    QAction open("Open", nullptr);
    RecordStore store;
    store.setAll(recordsFor(images));
    ImagesTab tab(&open);
    tab.setRecordStore(&store);
    tab.resize(1500, 900);
    tab.show();

    std::vector<double> scanGaps, selectGaps, scanCpu, selectCpu;
    std::vector<double>* gaps = &scanGaps;
    std::vector<double>* cpuGaps = &scanCpu;
    QElapsedTimer clock;
    clock.start();
    bench::GapMeter meter([&](double wallMs, double cpuMs) {
        gaps->push_back(wallMs);
        cpuGaps->push_back(cpuMs);
    });

    bool scanned = false;
    QObject::connect(&tab, &ImagesTab::scanFinished, [&] { scanned = true; });
    const qint64 scanStart = clock.elapsed();
    tab.scan(dir.path());
    while (!scanned) QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    const double scanSeconds = double(clock.elapsed() - scanStart) / 1000.0;

    // Hold the arrow key: one selection every interval, the view following it.
    gaps = &selectGaps;
    cpuGaps = &selectCpu;
    ImageDetailPane* pane = tab.detailPane();
    int selected = 0;
    qint64 lastSelectedAt = 0;
    double lastThumbnailMs = -1;
    QTimer walk;
    walk.setInterval(intervalMs);
    const qint64 walkStart = clock.elapsed();
    QObject::connect(&walk, &QTimer::timeout, [&] {
        if (selected >= selections) {
            walk.stop();
            return;
        }
        tab.selectRow(selected++);
        tab.table()->scrollTo(tab.table()->currentIndex());
        if (sync) makeImagePreview(dir.filePath(pane->image()), pane->cache()->box());
        lastSelectedAt = clock.elapsed();
    });
    walk.start();
    QTimer watch;
    watch.setInterval(5);
    QObject::connect(&watch, &QTimer::timeout, [&] {
        if (walk.isActive()) return;
        if (pane->hasThumbnail()) {
            lastThumbnailMs = double(clock.elapsed() - lastSelectedAt);
            watch.stop();
            QTimer::singleShot(100, &app, &QApplication::quit);
        } else if (clock.elapsed() - lastSelectedAt > 10000) {
            QTimer::singleShot(0, &app, &QApplication::quit);
        }
    });
    watch.start();
    app.exec();
    const double walkSeconds = double(clock.elapsed() - walkStart) / 1000.0;

    const Gaps s = summarize(scanGaps), w = summarize(selectGaps);
    const Gaps sc = summarize(scanCpu), wc = summarize(selectCpu);
    std::printf("bench_ui_images: %d images (%d records), %d selections every %d ms%s\n", images,
                int(store.size()), selections, intervalMs,
                sync ? ", previews also decoded on the GUI thread (--sync)" : "");
    std::printf(
        "  scan                        : %.2f s; event loop gap max / p99 / p50 %.1f / "
        "%.1f / %.1f ms (%ld over 16 ms)\n",
        scanSeconds, s.max, s.p99, s.p50, s.over16);
    std::printf(
        "  selecting                   : %.2f s; event loop gap max / p99 / p50 %.1f / "
        "%.1f / %.1f ms (%ld over 16 ms)\n",
        walkSeconds, w.max, w.p99, w.p50, w.over16);
    std::printf(
        "  GUI-thread CPU in a gap     : scan max / p99 %.1f / %.1f ms; selecting max / p99 "
        "%.1f / %.1f ms\n",
        sc.max, sc.p99, wc.max, wc.p99);
    std::printf(
        "  thumbnails decoded / cached : %d / %d (the rest skipped: passed before their "
        "turn)\n",
        pane->cache()->madeCount(), pane->cache()->cachedCount());
    std::printf(
        "  last selection's thumbnail  : %s\n",
        lastThumbnailMs >= 0
            ? qPrintable(QString("%1 ms after it was selected").arg(lastThumbnailMs, 0, 'f', 0))
            : "did not arrive within 10 s");
    return lastThumbnailMs >= 0 ? 0 : 1;
}
