#include "window/status_progress.h"

#include <QMainWindow>
#include <QProgressBar>
#include <QStatusBar>

namespace pieslicer::ui {

QProgressBar* addStatusProgressBar(QMainWindow* window, const QString& objectName) {
    auto* bar = new QProgressBar;
    bar->setObjectName(objectName);
    bar->setRange(0, 1000);
    bar->setMaximumWidth(220);
    bar->setVisible(false);
    window->statusBar()->addPermanentWidget(bar);
    return bar;
}

void setProgress(QProgressBar* bar, qint64 done, qint64 total) {
    bar->setValue(total > 0 ? int(1000 * done / total) : 0);
}

}  // namespace pieslicer::ui
