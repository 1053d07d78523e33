#pragma once
// Empirical CDFs of one or more samples (dataset file sizes, pre-execution times).
#include <QHash>
#include <QList>
#include <vector>

#include "charts/chart_panel.h"

class QValueAxis;
class QLogValueAxis;
class QLineSeries;
class QAbstractAxis;

namespace pieslicer::ui {

struct CdfSample {
    QString key;    // colour key (strategy id)
    QString label;  // legend
    std::vector<double> values;
    bool dashed = false;
    // Precomputed on a worker (cdfPoints of `count` values, issue #15): when set, `values`
    // may be empty and the GUI thread neither copies nor sorts them.
    QList<QPointF> points;
    std::size_t count = 0;
    // The points a worker computes for this sample; keeps `count`, drops `values`.
    void precompute();
};

class CdfChartWidget : public ChartPanel {
    Q_OBJECT
  public:
    CdfChartWidget(const QString& id, const QString& title, const QString& xTitle,
                   QWidget* parent = nullptr);
    void setSamples(std::vector<CdfSample> samples);
    void setLogX(bool log);
    int seriesCount() const;

    // The CDF's step points of sorted values, thinned to at most ~`maxPoints`.
    static QList<QPointF> cdfPoints(std::vector<double> values, int maxPoints = 800);
    // The same of finite values sorted already (kept sorted by a worker between passes).
    static QList<QPointF> cdfPointsOfSorted(const std::vector<double>& sorted, int maxPoints = 800);

    // downsampleMinMax() of x-sorted CDF points, bucketed in log10(x) on a log axis.
    static QList<QPointF> decimate(const QList<QPointF>& points, int maxPoints, bool logX);

  protected:
    void refresh() override;

  private:
    void makeXAxis();

    std::vector<CdfSample> samples_;
    QHash<QString, QLineSeries*> lines_;  // reused across refreshes: no re-layout, no ghosts
    QAbstractAxis* x_ = nullptr;
    QValueAxis* y_ = nullptr;
    QString xTitle_;
    bool logX_ = false;
};

}  // namespace pieslicer::ui
