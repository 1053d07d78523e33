#pragma once
// Strategies, repeats, Run / Pause / Stop (the main window's actions) and progress.
#include <QGroupBox>
#include <QHash>

#include "dashboard_config.h"

class QCheckBox;
class QSpinBox;
class QProgressBar;
class QLabel;
class QAction;

namespace pieslicer::ui {

class RunPanel : public QGroupBox {
    Q_OBJECT
  public:
    RunPanel(QAction* run, QAction* pause, QAction* stop, QWidget* parent = nullptr);
    void apply(const DashboardConfig& c);
    void fill(DashboardConfig& c) const;
    void setProgress(qint64 done, qint64 total, double elapsedMs, double etaMs);
    void setIdle(const QString& text);
    QString progressText() const;

  private:
    QHash<QString, QCheckBox*> boxes_;
    QSpinBox* repeat_;
    QCheckBox* independent_;
    QProgressBar* bar_;
    QLabel* eta_;
};

QString formatDuration(double ms);

}  // namespace pieslicer::ui
