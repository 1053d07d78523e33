#pragma once
// Requests as they arrive: pre-execution time per request and strategy (with the
// emulated uplink), predicted vs measured, and the stage breakdown of a request
// picked from the list (picked from a table: clicking chart points crashes Qt 6.4).
#include <QMap>
#include <QStringList>
#include <QTimer>
#include <QWidget>
#include <memory>

#include "charts/stage_bar_widget.h"
#include "run/link_check.h"

class QTableView;
class QCheckBox;
class QLabel;

namespace pieslicer {
class DeliveryTrace;
}

namespace pieslicer::ui {

class RecordStore;
class RecordTableModel;
class ChartPanel;
class LiveTimelineWidget;
class LinkTraceWidget;
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
    LinkTraceWidget* linkTrace() const { return linkTrace_; }
    // The trace the next run drives its uplink with (null: a fixed rate, no trace chart).
    void setUplinkTrace(std::shared_ptr<const DeliveryTrace> trace);
    // When store rows [first, ...) were measured (RunSession::recordTimesMs); call before
    // the rows reach the store.
    void addRecordTimes(int first, const std::vector<double>& ms);
    // Empty, or the self-check's warning about this run's records.
    QString linkWarning() const { return linkCheck_.warning(); }
    // Shows the stage breakdown of store row `row` (and each strategy's mean).
    void selectRecord(int row);
    QTableView* requestList() const { return list_; }
    static constexpr int kListRows = 1000;  // the list shows the newest requests

  signals:
    void linkWarningChanged(const QString& warning);

  private:
    void updateLinkWarning();
    void rebuild();
    void accumulate(const RequestRecord& r);

    RecordStore* store_;
    RecordTableModel* model_;
    QTableView* list_;
    QCheckBox* follow_;
    // While following, the newest request is picked a few times a second, not per batch:
    // the stage chart's categories name the request, and each new name re-lays the chart out.
    QTimer* followNewest_;
    LiveTimelineWidget* timeline_;
    PredictionScatterWidget* scatter_;
    StageBarWidget* stages_;
    LinkTraceWidget* linkTrace_;
    QLabel* linkWarning_;
    LinkCheck linkCheck_;
    QString shownWarning_;
    QMap<QString, std::pair<StageRow, int>> means_;  // per strategy: stage sums, count
    QStringList meanOrder_;
};

}  // namespace pieslicer::ui
