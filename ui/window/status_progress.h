#pragma once
// A progress bar in the window's status bar for work on a worker (opening, writing), hidden
// until the work starts; its value is per mille of the work done.
#include <QtGlobal>

class QMainWindow;
class QProgressBar;
class QString;

namespace pieslicer::ui {

QProgressBar* addStatusProgressBar(QMainWindow* window, const QString& objectName);
// `done` of `total` (bytes, records) shown on the bar.
void setProgress(QProgressBar* bar, qint64 done, qint64 total);

}  // namespace pieslicer::ui
