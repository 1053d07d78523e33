#pragma once
// Requests as they arrive: pre-execution time per request and strategy (with the
// emulated uplink), predicted vs measured, and the stage breakdown of a request
// picked from the list (picked from a table: clicking chart points crashes Qt 6.4).
#include <QMap>
#include <QStringList>
#include <QWidget>

#include "charts/stage_bar_widget.h"

class QTableView;
class QSortFilterProxyModel;
class QCheckBox;

namespace pieslicer::ui {

class RecordStore;
class RecordTableModel;
class ChartPanel;
class LiveTimelineWidget;
class PredictionScatterWidget;
class StageBarWidget;

class LiveTab : public QWidget {
    Q_OBJECT
  public:
    explicit LiveTab(RecordStore* store, QWidget* parent = nullptr);
    QList<ChartPanel*> charts() const;
    LiveTimelineWidget* timeline() const { return timeline_; }
    PredictionScatterWidget* scatter() const { return scatter_; }
    StageBarWidget* stages() const { return stages_; }
    // Shows the stage breakdown of store row `row` (and each strategy's mean).
    void selectRecord(int row);
    QTableView* requestList() const { return list_; }

  private:
    void rebuild();
    void accumulate(const RequestRecord& r);

    RecordStore* store_;
    RecordTableModel* model_;
    QSortFilterProxyModel* proxy_;
    QTableView* list_;
    QCheckBox* follow_;
    LiveTimelineWidget* timeline_;
    PredictionScatterWidget* scatter_;
    StageBarWidget* stages_;
    QMap<QString, std::pair<StageRow, int>> means_;  // per strategy: stage sums, count
    QStringList meanOrder_;
};

}  // namespace pieslicer::ui
