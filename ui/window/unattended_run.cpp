#include "window/unattended_run.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QStatusBar>
#include <QTimer>
#include <cstdio>

#include "charts/chart_panel.h"
#include "main_window.h"
#include "run/record_store.h"
#include "tabs/images_tab.h"
#include "tabs/results_tab.h"
#include "tabs/sweep_tab.h"

namespace pieslicer::ui {

UnattendedRun::UnattendedRun(MainWindow* window, const DashboardOptions& options)
    : QObject(window), window_(window), options_(options) {}

void UnattendedRun::begin() {
    if (options_.autorun && options_.sweep) {
        QTimer::singleShot(0, this, [this] { beginSweep(); });
        return;
    }
    if (options_.autorun) {
        QTimer::singleShot(0, this, [this] {
            QString err;
            if (!window_->startRun(&err)) {
                window_->status(tr("Cannot start: %1").arg(err), 0);
                if (options_.unattended()) finish(err);
            }
        });
    } else if (options_.unattended()) {
        QTimer::singleShot(0, this, [this] { finish({}); });
    }
}

void UnattendedRun::beginSweep() {
    SweepTab* tab = window_->sweepTab();
    const auto& lists = *options_.sweep;
    tab->uplinksEdit()->setText(lists.uplinks);
    tab->rttsEdit()->setText(lists.rtts);
    tab->devicesEdit()->setText(lists.devices);
    tab->tcpEdit()->setText(lists.tcp);
    if (options_.strategies) tab->strategiesEdit()->setText(options_.strategies->join(','));
    if (!options_.exportDir.isEmpty() && QDir().mkpath(options_.exportDir))
        tab->csvEdit()->setText(QDir(options_.exportDir).filePath("sweep.csv"));
    window_->showTab("sweep");
    connect(tab, &SweepTab::sweepFinished, this, [this](bool ok) {
        if (options_.unattended())
            finishSweep(ok ? QString() : window_->sweepTab()->statusLabel()->text());
    });
    QString err;
    if (!tab->startSweep(&err)) {
        window_->status(tr("Cannot start the sweep: %1").arg(err), 0);
        if (options_.unattended()) finishSweep(err);
    }
}

// The sweep's CSV is already in the export folder (written as measured), its summary beside
// it; the heatmaps and the break-even chart go there as PNG.
void UnattendedRun::finishSweep(const QString& sweepError) {
    int code = sweepError.isEmpty() ? 0 : 2;
    SweepTab* tab = window_->sweepTab();
    if (!sweepError.isEmpty())
        std::fprintf(stderr, "pieslicer-dashboard: sweep failed: %s\n", qPrintable(sweepError));
    if (!options_.exportDir.isEmpty() && tab->summary()) {
        QString err;
        const QStringList written = tab->exportPngs(options_.exportDir, &err);
        std::fprintf(stderr, "pieslicer-dashboard: wrote the sweep (%lld charts) to %s\n",
                     static_cast<long long>(written.size()), qPrintable(options_.exportDir));
        if (!err.isEmpty()) {
            std::fprintf(stderr, "pieslicer-dashboard: export failed: %s\n", qPrintable(err));
            if (code == 0) code = 3;
        }
    }
    if (!options_.summaryJson.isEmpty() && tab->summary()) {
        const QString from = tab->csvEdit()->text() + ".summary.json";
        QFile::remove(options_.summaryJson);
        if (!QFile::copy(from, options_.summaryJson)) {
            std::fprintf(stderr, "pieslicer-dashboard: cannot write %s\n",
                         qPrintable(options_.summaryJson));
            if (code == 0) code = 3;
        }
    }
    screenshotThenReport(code);
}

void UnattendedRun::onRunFinished(const QString& error) {
    if (options_.autorun && options_.unattended()) finish(error);
}

void UnattendedRun::finish(const QString& runError) {
    ImagesTab* images = window_->imagesTab();
    if (images->isScanning()) {  // the dataset charts need the whole folder
        auto* once = new QObject(this);
        connect(images, &ImagesTab::scanFinished, once, [this, runError, once] {
            once->deleteLater();
            finish(runError);
        });
        return;
    }
    if (window_->takingModelSamples()) {  // the Models tab's charts need the run's spread
        auto* once = new QObject(this);
        connect(window_, &MainWindow::modelSamplesTaken, once, [this, runError, once] {
            once->deleteLater();
            finish(runError);
        });
        return;
    }
    int code = runError.isEmpty() ? 0 : 2;
    if (!options_.exportDir.isEmpty()) {
        QString err;
        if (window_->exportAllTo(options_.exportDir, &err)) {
            std::fprintf(stderr, "pieslicer-dashboard: wrote %zu records and %lld charts to %s\n",
                         window_->store()->size(),
                         static_cast<long long>(window_->allCharts().size()),
                         qPrintable(options_.exportDir));
        } else {
            std::fprintf(stderr, "pieslicer-dashboard: export failed: %s\n", qPrintable(err));
            if (code == 0) code = 3;
        }
    }
    if (!options_.summaryJson.isEmpty()) {
        QString err;
        if (window_->writeSummaryJsonTo(options_.summaryJson, &err)) {
            std::fprintf(stderr, "pieslicer-dashboard: wrote the summary to %s\n",
                         qPrintable(options_.summaryJson));
        } else {
            std::fprintf(stderr, "pieslicer-dashboard: summary failed: %s\n", qPrintable(err));
            if (code == 0) code = 3;
        }
    }
    if (!runError.isEmpty())
        std::fprintf(stderr, "pieslicer-dashboard: run failed: %s\n", qPrintable(runError));
    if (options_.screenshot.isEmpty()) {
        report(code);
        return;
    }
    window_->showTab(options_.tab.isEmpty() ? QStringLiteral("live") : options_.tab);
    if (!options_.select.isEmpty() && !selectForScreenshot() && code == 0) code = 3;
    screenshotThenReport(code);
}

bool UnattendedRun::selectForScreenshot() {
    const bool inResults = options_.tab == QLatin1String("results");
    const bool found = inResults ? window_->resultsTab()->selectImage(options_.select)
                                 : window_->imagesTab()->selectImage(options_.select);
    if (!found)
        std::fprintf(stderr, "pieslicer-dashboard: --select %s: no such %s\n",
                     qPrintable(options_.select), inResults ? "record" : "image");
    return found;
}

void UnattendedRun::screenshotThenReport(int code) {
    if (options_.screenshot.isEmpty()) {
        report(code);
        return;
    }
    // Let the shown tab's coalesced chart refreshes (and a selected image's thumbnail, decoded
    // on a worker) land before grabbing.
    QTimer::singleShot(options_.select.isEmpty() ? 300 : 1500, this, [this, code] {
        int c = code;
        if (!window_->grab().save(options_.screenshot)) {
            std::fprintf(stderr, "pieslicer-dashboard: cannot write %s\n",
                         qPrintable(options_.screenshot));
            if (c == 0) c = 3;
        }
        report(c);
    });
}

void UnattendedRun::report(int exitCode) {
    emit done(exitCode);
    if (options_.quitWhenDone) QCoreApplication::exit(exitCode);
}

}  // namespace pieslicer::ui
