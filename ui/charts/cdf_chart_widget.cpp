#include "charts/cdf_chart_widget.h"

#include <QChart>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QSet>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace pieslicer::ui {

CdfChartWidget::CdfChartWidget(const QString& id, const QString& title, const QString& xTitle,
                               QWidget* parent)
    : ChartPanel(id, title, parent), xTitle_(xTitle) {
    y_ = new QValueAxis;
    y_->setRange(0, 1);
    y_->setTickCount(5);
    y_->setLabelFormat("%.2f");
    y_->setTitleText(tr("CDF"));
    chart()->addAxis(y_, Qt::AlignLeft);
    makeXAxis();
    setMessage(tr("No data yet"));
}

void CdfChartWidget::makeXAxis() {
    if (x_) {
        for (auto* l : lines_) l->detachAxis(x_);
        chart()->removeAxis(x_);
        delete x_;
    }
    if (logX_) {
        auto* lx = new QLogValueAxis;
        lx->setBase(10);
        lx->setLabelFormat("%g");
        lx->setMinorTickCount(8);
        {
            QPen minor(QColor("#f0f0f0"));
            minor.setWidthF(0.6);
            lx->setMinorGridLinePen(minor);
        }
        x_ = lx;
    } else {
        auto* vx = new QValueAxis;
        vx->setLabelFormat("%g");
        x_ = vx;
    }
    x_->setTitleText(xTitle_);
    chart()->addAxis(x_, Qt::AlignBottom);
    for (auto* l : lines_) l->attachAxis(x_);
}

void CdfSample::precompute() {
    count = values.size();
    points = CdfChartWidget::cdfPoints(std::move(values));
    values = {};
}

void CdfChartWidget::setSamples(std::vector<CdfSample> samples) {
    samples_ = std::move(samples);
    scheduleRefresh();
}

void CdfChartWidget::setLogX(bool log) {
    if (log == logX_) return;
    logX_ = log;
    makeXAxis();
    scheduleRefresh();
}

int CdfChartWidget::seriesCount() const { return int(chart()->series().size()); }

QList<QPointF> CdfChartWidget::cdfPoints(std::vector<double> values, int maxPoints) {
    values.erase(
        std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
        values.end());
    std::sort(values.begin(), values.end());
    return cdfPointsOfSorted(values, maxPoints);
}

QList<QPointF> CdfChartWidget::cdfPointsOfSorted(const std::vector<double>& values, int maxPoints) {
    QList<QPointF> pts;
    if (values.empty()) return pts;
    const std::size_t n = values.size();
    const std::size_t step = std::max<std::size_t>(1, n / std::size_t(maxPoints));
    pts.append({values.front(), 0.0});
    for (std::size_t i = 0; i < n; i += step) pts.append({values[i], double(i + 1) / double(n)});
    pts.append({values.back(), 1.0});
    return pts;
}

QList<QPointF> CdfChartWidget::decimate(const QList<QPointF>& points, int maxPoints, bool logX) {
    if (!logX) return downsampleMinMax(points, maxPoints);
    // On a log axis equal x ranges are equal ranges of log10(x): bucket there.
    QList<QPointF> logPoints;
    logPoints.reserve(points.size());
    for (const auto& p : points) logPoints.append({std::log10(p.x()), p.y()});
    QList<QPointF> out = downsampleMinMax(logPoints, maxPoints);
    for (auto& p : out) p.setX(std::pow(10.0, p.x()));
    return out;
}

void CdfChartWidget::refresh() {
    QChart* c = chart();
    double xMin = 1e300, xMax = -1e300;
    const int budget = linePointBudget();
    QHash<QString, QList<QPointF>> shown;  // per label, this frame
    for (const auto& s : samples_) {
        auto pts = s.points.isEmpty() ? cdfPoints(s.values) : s.points;
        if (logX_)
            pts.erase(
                std::remove_if(pts.begin(), pts.end(), [](const QPointF& p) { return p.x() <= 0; }),
                pts.end());
        if (pts.isEmpty()) continue;
        for (const auto& p : pts) {
            xMin = std::min(xMin, p.x());
            xMax = std::max(xMax, p.x());
        }
        shown.insert(s.label, decimate(pts, budget, logX_));
    }
    for (auto it = lines_.begin(); it != lines_.end();) {
        if (shown.contains(it.key())) {
            // Emptied before the axis moves (a range change re-strokes every series' points),
            // refilled after: each point stroked once.
            it.value()->clear();
            ++it;
            continue;
        }
        c->removeSeries(it.value());
        delete it.value();
        it = lines_.erase(it);
    }
    const bool any = !shown.isEmpty();
    setMessage(any ? QString() : tr("No data yet"));
    if (!any) return;
    if (auto* lx = qobject_cast<QLogValueAxis*>(x_)) {
        lx->setRange(std::pow(10, std::floor(std::log10(xMin))),
                     std::pow(10, std::ceil(std::log10(xMax * 1.0001))));
    } else if (auto* vx = qobject_cast<QValueAxis*>(x_)) {
        fitRange(vx, std::min(0.0, xMin), xMax > 0 ? xMax * 1.02 : 1);
    }
    for (const auto& s : samples_) {
        const auto pts = shown.constFind(s.label);
        if (pts == shown.constEnd()) continue;
        QLineSeries* line = lines_.value(s.label);
        if (!line) {
            line = new QLineSeries;
            QPen pen(seriesColor(s.key), 2.5);
            if (s.dashed) pen.setStyle(Qt::DashLine);
            line->setPen(pen);
            c->addSeries(line);
            line->attachAxis(x_);
            line->attachAxis(y_);
            lines_.insert(s.label, line);
        }
        line->setName(
            QString("%1 (n=%2)").arg(s.label).arg(s.points.isEmpty() ? s.values.size() : s.count));
        line->replace(*pts);
    }
}

}  // namespace pieslicer::ui
