#pragma once
// The uplink's delivery trace over the run's time (its rate in 100 ms bins) with a dot
// per request at its upload, at the rate that upload met: whether each request fell on
// a peak or a trough of the trace, and whether the link model agreed (red: off by >5%).
#include <QHash>
#include <QList>
#include <QPointF>
#include <memory>
#include <vector>

#include "charts/chart_panel.h"
#include "domain/request_record.h"

class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace pieslicer {
class DeliveryTrace;
}

namespace pieslicer::ui {

class LinkTraceWidget : public ChartPanel {
    Q_OBJECT
  public:
    static constexpr double kBinMs = 100;

    explicit LinkTraceWidget(QWidget* parent = nullptr);
    // The trace a run starts with (its time 0 is the run's); null: nothing to draw.
    void setTrace(std::shared_ptr<const DeliveryTrace> trace);
    bool hasTrace() const { return bool(trace_); }
    void clear();  // records and times; keeps the trace
    // When records [first, first + n) were measured, ms from the start of measuring.
    void addTimes(int first, const std::vector<double>& ms);
    // `firstIndex` is the store row of records[0]; rows without a time are not drawn.
    void addRecords(const std::vector<RequestRecord>& records, int firstIndex);

    const QList<QPointF>& requestPoints() const { return requests_; }  // (s, Mbit/s), all
    QList<QPointF> tracePoints() const;                                // drawn, after decimation

  protected:
    void refresh() override;

  private:
    void extendBins(double untilMs);

    std::shared_ptr<const DeliveryTrace> trace_;
    std::vector<double> timesMs_;           // by store row, -1: unknown
    QHash<QString, double> measuredAtSec_;  // rows sharing a measurement share its dot
    QList<QPointF> bins_;                   // (s, Mbit/s), grown as the run goes on
    QList<QPointF> requests_, offRequests_;
    QLineSeries* line_;
    QScatterSeries* dots_;
    QScatterSeries* offDots_;
    QValueAxis* x_;
    QValueAxis* y_;
    double lastSec_ = 0, yMax_ = 0;
    bool dirty_ = false;
};

}  // namespace pieslicer::ui
