#pragma once
// Pre-execution time per request as requests arrive: measured (solid) and predicted
// (pale) per strategy, and the uplink's true rate during each upload (a trace's rate
// then) on a second axis, so a link change and its effect show up together.
#include <QHash>
#include <QList>
#include <QPointF>
#include <vector>

#include "charts/chart_panel.h"
#include "domain/request_record.h"

class QLineSeries;
class QValueAxis;

namespace pieslicer::ui {

class LiveTimelineWidget : public ChartPanel {
    Q_OBJECT
  public:
    explicit LiveTimelineWidget(QWidget* parent = nullptr);
    void clear();
    // `firstIndex` is the request number of records[0].
    void addRecords(const std::vector<RequestRecord>& records, int firstIndex);
    int pointCount() const;             // points held, before downsampling
    QList<QPointF> ratePoints() const;  // (request #, Mbit/s), before downsampling
    // The rate a request's upload met: link_rate_mbps, or the configured rate in old records.
    static double uplinkRateMbps(const RequestRecord& r);

  protected:
    void refresh() override;

  private:
    struct Track {
        QList<QPointF> points;
        QLineSeries* series = nullptr;
        bool dirty = false;
    };
    Track& track(const QString& key, const QString& label, const QColor& color, bool dashed,
                 bool rateAxis);

    QHash<QString, Track> tracks_;
    QValueAxis* x_ = nullptr;
    QValueAxis* y_ = nullptr;
    QValueAxis* rate_ = nullptr;
    double xMax_ = 0, yMax_ = 0, rateMax_ = 0;
};

}  // namespace pieslicer::ui
