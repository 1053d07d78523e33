#pragma once
// Scatter groups with optional fitted lines, linear or log y: pre-execution time
// against file size per order (the paper's preprocess_location_time_compare) and the
// cost models' calibration samples with their fitted lines.
#include <QHash>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <vector>

#include "charts/chart_panel.h"

class QXYSeries;
class QValueAxis;
class QAbstractAxis;

namespace pieslicer::ui {

struct XYGroup {
    QString key;    // colour key
    QString label;  // empty: no legend entry
    QList<QPointF> points;
    bool line = false;      // draw as a line (fitted model) instead of markers
    bool hollow = false;    // hollow circles (the paper's in-cloud markers)
    bool triangle = false;  // triangles (on-device)
};

class XYScatterWidget : public ChartPanel {
    Q_OBJECT
  public:
    XYScatterWidget(const QString& id, const QString& title, const QString& xTitle,
                    const QString& yTitle, QWidget* parent = nullptr);
    void setGroups(std::vector<XYGroup> groups);
    void setLogY(bool log);
    int pointCount() const;
    const std::vector<XYGroup>& groups() const { return groups_; }

    // The first point of each cellPx x cellPx square of a plot `plotPx` big showing `range`
    // (x left to right, y top() to bottom() as min to max; log10 y when `logY`), in order.
    static constexpr double kMarkerCellPx = 4.0;  // half a marker
    static QList<QPointF> thinToCells(const QList<QPointF>& points, const QRectF& range,
                                      const QSizeF& plotPx, bool logY, double cellPx);

  protected:
    void refresh() override;
    // Markers thinned for a smaller plot leave gaps once it is over twice as big: redrawn
    // when the chart grows by half since the last thinning.
    void resizeEvent(QResizeEvent* e) override;

  private:
    void makeYAxis();

    std::vector<XYGroup> groups_;
    QHash<QString, QXYSeries*> series_;  // reused across refreshes
    QValueAxis* x_ = nullptr;
    QAbstractAxis* y_ = nullptr;
    QString xTitle_, yTitle_;
    bool logY_ = false;
    QSizeF thinnedFor_;  // the plot size the markers were last thinned for
};

}  // namespace pieslicer::ui
