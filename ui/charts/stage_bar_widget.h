#pragma once
// Where a request's pre-execution time went: device preprocessing, upload, cloud
// preprocessing and inference, as horizontal stacked bars (one bar per row).
#include <QStringList>
#include <array>
#include <vector>

#include "charts/chart_panel.h"
#include "domain/request_record.h"

class QHorizontalStackedBarSeries;
class QBarSet;
class QBarCategoryAxis;
class QValueAxis;

namespace pieslicer::ui {

struct StageRow {
    QString label;
    std::array<double, 4> ms{};  // device prep, upload, cloud prep, inference
};

// The four stages of one record, from its measured columns.
StageRow stageRow(const RequestRecord& r, const QString& label);
QStringList stageNames();

class StageBarWidget : public ChartPanel {
    Q_OBJECT
  public:
    explicit StageBarWidget(QWidget* parent = nullptr);
    void setRows(std::vector<StageRow> rows);
    const std::vector<StageRow>& rows() const { return rows_; }

  protected:
    void refresh() override;

  private:
    std::vector<StageRow> rows_;
    QHorizontalStackedBarSeries* series_ = nullptr;
    QList<QBarSet*> sets_;
    QBarCategoryAxis* cats_ = nullptr;
    QValueAxis* x_ = nullptr;
};

}  // namespace pieslicer::ui
