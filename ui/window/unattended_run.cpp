#include "window/unattended_run.h"

#include <QCoreApplication>
#include <QStatusBar>
#include <QTimer>
#include <cstdio>

#include "charts/chart_panel.h"
#include "main_window.h"
#include "run/record_store.h"
#include "tabs/images_tab.h"

namespace pieslicer::ui {

UnattendedRun::UnattendedRun(MainWindow* window, const DashboardOptions& options)
    : QObject(window), window_(window), options_(options) {}

void UnattendedRun::begin() {
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
    // Let the shown tab's coalesced chart refreshes land before grabbing.
    QTimer::singleShot(300, this, [this, code] {
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
