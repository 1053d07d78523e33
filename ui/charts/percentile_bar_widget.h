#pragma once
// p50 / p90 / p99 of pre-execution time per strategy, as grouped bars.
#include <vector>

#include "charts/chart_panel.h"

class QBarSeries;
class QBarSet;
class QBarCategoryAxis;
class QValueAxis;

namespace pieslicer::ui {

struct PercentileRow {
    QString key;
    QString label;
    double p50 = 0, p90 = 0, p99 = 0;
};

class PercentileBarWidget : public ChartPanel {
    Q_OBJECT
  public:
    explicit PercentileBarWidget(QWidget* parent = nullptr);
    void setRows(std::vector<PercentileRow> rows);

  protected:
    void refresh() override;

  private:
    std::vector<PercentileRow> rows_;
    QBarSeries* series_ = nullptr;
    QList<QBarSet*> sets_;
    QBarCategoryAxis* cats_ = nullptr;
    QValueAxis* y_ = nullptr;
};

}  // namespace pieslicer::ui
