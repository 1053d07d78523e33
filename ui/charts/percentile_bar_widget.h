#pragma once
// p50 / p90 / p99 of pre-execution time per strategy, as grouped bars, with the bootstrap
// 95% interval of each as an error bar.
#include <vector>

#include "charts/chart_panel.h"

class QBarSeries;
class QBarSet;
class QBarCategoryAxis;
class QLineSeries;
class QValueAxis;

namespace pieslicer::ui {

struct PercentileRow {
    QString key;
    QString label;
    double p50 = 0, p90 = 0, p99 = 0;
    // Intervals [lo, hi] of p50, p90, p99; no error bar where lo > hi.
    double lo[3] = {1, 1, 1}, hi[3] = {0, 0, 0};
};

class PercentileBarWidget : public ChartPanel {
    Q_OBJECT
  public:
    explicit PercentileBarWidget(QWidget* parent = nullptr);
    void setRows(std::vector<PercentileRow> rows);
    // The error bars drawn: per row, per percentile, its whisker (for tests).
    int errorBarCount() const;

  protected:
    void refresh() override;

  private:
    void refreshErrorBars();

    std::vector<PercentileRow> rows_;
    QBarSeries* series_ = nullptr;
    QList<QBarSet*> sets_;
    QList<QLineSeries*> whiskers_;  // one per row and percentile: a whisker is one polyline
    QBarCategoryAxis* cats_ = nullptr;
    QValueAxis* y_ = nullptr;
};

}  // namespace pieslicer::ui
