#pragma once
// Pre-execution time per request as requests arrive: measured (solid) and predicted
// (dashed) per strategy, and the emulated uplink rate on a second axis so a link
// change and its effect show up together.
#include <QHash>
#include <QList>
#include <QPointF>
#include <vector>

#include "charts/chart_panel.h"
#include "run/request_record.h"

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
    int pointCount() const;  // points held, before downsampling

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
