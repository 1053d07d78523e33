#pragma once
// Sweeps in the dashboard: the grid's lists (uplinks, RTTs, devices, TCP models) and the
// strategies, a run on a worker thread with progress and ETA over the whole grid, then a
// heatmap per metric over devices x uplinks and each device's break-even curve.
#include <QWidget>
#include <functional>
#include <memory>

#include "dashboard_config.h"
#include "run/sweep_summary.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace pieslicer::ui {

class HeatmapWidget;
class SweepSession;
class XYScatterWidget;

class SweepTab : public QWidget {
    Q_OBJECT
  public:
    // `config` gives the images, model input, quality, endpoint and repeats of the sweep.
    explicit SweepTab(std::function<DashboardConfig()> config, QWidget* parent = nullptr);

    QLineEdit* uplinksEdit() const { return uplinks_; }
    QLineEdit* rttsEdit() const { return rtts_; }
    QLineEdit* devicesEdit() const { return devices_; }
    QLineEdit* tcpEdit() const { return tcp_; }
    QLineEdit* strategiesEdit() const { return strategies_; }
    QLineEdit* csvEdit() const { return csv_; }
    QPushButton* runButton() const { return run_; }
    QComboBox* strategyBox() const { return strategy_; }
    QComboBox* sliceBox() const { return slice_; }
    HeatmapWidget* savingsMap() const { return savings_; }
    HeatmapWidget* regretMap() const { return regret_; }
    HeatmapWidget* f1Map() const { return f1_; }
    XYScatterWidget* breakEvenChart() const { return breakEven_; }
    QLabel* statusLabel() const { return status_; }
    SweepSession* session() const { return session_; }

    void setScoringOptions(const ScoringOptions& options) { scoring_ = options; }
    // Starts a sweep from the form; false with `error` when the form or the folder is wrong.
    bool startSweep(QString* error = nullptr);
    // Shows a finished sweep's summary (also what the session delivers).
    void showSummary(std::shared_ptr<const SweepSummary> summary);
    const SweepSummary* summary() const { return summary_.get(); }
    // Every heatmap and the break-even chart as PNG into `dir`; the files written.
    QStringList exportPngs(const QString& dir, QString* error = nullptr);

  signals:
    void sweepFinished(bool ok);

  private:
    void redraw();
    void onProgress(int cell, int cells, qint64 done, qint64 total, double etaMs);
    void onFinished(bool stopped, const QString& error, std::shared_ptr<const SweepSummary> s);

    std::function<DashboardConfig()> config_;
    ScoringOptions scoring_;
    SweepSession* session_;
    std::shared_ptr<const SweepSummary> summary_;
    QLineEdit *uplinks_, *rtts_, *devices_, *tcp_, *strategies_, *csv_;
    QPushButton *run_, *stop_, *export_;
    QProgressBar* progress_;
    QLabel* status_;
    QComboBox *slice_, *strategy_;
    HeatmapWidget *savings_, *regret_, *f1_;
    XYScatterWidget* breakEven_;
};

}  // namespace pieslicer::ui
