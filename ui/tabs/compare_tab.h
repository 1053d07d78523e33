#pragma once
// Strategies side by side: CDF of pre-execution time, p50/p90/p99, a score table
// (savings vs the statics, decision F1 and confusion matrix, regret, prediction
// error), and pre-execution time against file size per order on a log axis.
#include <QFutureWatcher>
#include <QTimer>
#include <QWidget>
#include <vector>

#include "charts/cdf_chart_widget.h"
#include "charts/xy_scatter_widget.h"
#include "model/scoring.h"

class QTableWidget;

namespace pieslicer::ui {

class RecordStore;

// Everything the tab shows, computed from the records on any thread.
struct CompareData {
    std::vector<CdfSample> samples;
    XYGroup cloud, device;
    std::vector<StrategyScore> scores;
    quint64 generation = 0;
    std::size_t records = 0;  // how many records were scored
};
CompareData computeCompare(const std::vector<RequestRecord>& records);

class ChartPanel;
class CdfChartWidget;
class PercentileBarWidget;
class XYScatterWidget;

class CompareTab : public QWidget {
    Q_OBJECT
  public:
    explicit CompareTab(RecordStore* store, QWidget* parent = nullptr);
    QList<ChartPanel*> charts() const;
    QTableWidget* scoreTable() const { return table_; }
    // Recomputes everything from the store now (otherwise at most 4 times a second).
    void updateNow();

  signals:
    // Charts and table now show the first `records` records.
    void updated(qint64 records);

  protected:
    void showEvent(QShowEvent* e) override;

  private:
    void updateAsync();
    void apply(const CompareData& d, quint64 generation);

    RecordStore* store_;
    QFutureWatcher<CompareData> watcher_;
    quint64 generation_ = 0, applied_ = 0;
    bool again_ = false;
    bool stale_ = false;  // records arrived while hidden
    QTimer throttle_;
    CdfChartWidget* cdf_;
    PercentileBarWidget* bars_;
    XYScatterWidget* sizeTime_;
    QTableWidget* table_;
};

}  // namespace pieslicer::ui
