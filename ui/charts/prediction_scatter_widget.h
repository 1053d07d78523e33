#pragma once
// Predicted against measured pre-execution time, one colour per strategy, with the
// y = x line: points above it took longer than predicted.
#include <QHash>
#include <QList>
#include <QPointF>
#include <QSet>
#include <vector>

#include "charts/chart_panel.h"
#include "domain/request_record.h"

class QLineSeries;
class QValueAxis;

namespace pieslicer::ui {

class PredictionScatterWidget : public ChartPanel {
    Q_OBJECT
  public:
    explicit PredictionScatterWidget(QWidget* parent = nullptr);
    void clear();
    void addRecords(const std::vector<RequestRecord>& records);
    int shownPoints() const;
    // Whether a marker is drawn within one thinning cell of p.
    bool shows(const QPointF& p) const;

  protected:
    void refresh() override;

  private:
    qint64 cellKey(const QPointF& p) const;
    struct Cloud {
        QList<QPointF> points;  // thinned: one point per ~2 px cell
        QSet<qint64> cells;
        QLineSeries* series = nullptr;  // markers only: light_markers.h
        bool dirty = false;
    };
    QHash<QString, Cloud> clouds_;
    QLineSeries* diagonal_ = nullptr;
    QValueAxis* x_ = nullptr;
    QValueAxis* y_ = nullptr;
    double max_ = 0;
    double cellMs_ = 1;  // thinning grid, grows with the range
};

}  // namespace pieslicer::ui
