#pragma once
// Strategies side by side: CDF of pre-execution time, p50/p90/p99, a score table
// (savings vs the statics, decision F1 and confusion matrix, regret, prediction
// error), and pre-execution time against file size per order on a log axis.
#include <QTimer>
#include <QWidget>

class QTableWidget;

namespace pieslicer::ui {

class RecordStore;
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

  private:
    RecordStore* store_;
    QTimer throttle_;
    CdfChartWidget* cdf_;
    PercentileBarWidget* bars_;
    XYScatterWidget* sizeTime_;
    QTableWidget* table_;
};

}  // namespace pieslicer::ui
