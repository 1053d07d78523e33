#include "charts/prediction_scatter_widget.h"

#include <QChart>
#include <QLineSeries>
#include <QValueAxis>
#include <cmath>

#include "charts/light_markers.h"
#include "run/strategy_catalog.h"

namespace pieslicer::ui {

PredictionScatterWidget::PredictionScatterWidget(QWidget* parent)
    : ChartPanel("live_predicted_vs_measured", tr("Predicted vs measured pre-execution time"),
                 parent) {
    x_ = new QValueAxis;
    x_->setTitleText(tr("Predicted (ms)"));
    x_->setLabelFormat("%g");
    y_ = new QValueAxis;
    y_->setTitleText(tr("Measured (ms)"));
    y_->setLabelFormat("%g");
    chart()->addAxis(x_, Qt::AlignBottom);
    chart()->addAxis(y_, Qt::AlignLeft);
    diagonal_ = new QLineSeries;
    diagonal_->setName("y = x");
    diagonal_->setPen(QPen(QColor("#555"), 1.2, Qt::DashLine));
    chart()->addSeries(diagonal_);
    diagonal_->attachAxis(x_);
    diagonal_->attachAxis(y_);
    x_->setRange(0, 100);
    y_->setRange(0, 100);
    diagonal_->replace({{0, 0}, {100, 100}});
    setMessage(tr("Predictions come from model-based strategies (static ones predict nothing)"));
}

void PredictionScatterWidget::clear() {
    for (auto& c : clouds_) chart()->removeSeries(c.series), delete c.series;
    clouds_.clear();
    max_ = 0;
    cellMs_ = 1;
    scheduleRefresh();
}

void PredictionScatterWidget::addRecords(const std::vector<RequestRecord>& records) {
    for (const auto& r : records) {
        if (!r.ok() || r.preexecution_time_estimate <= 0) continue;
        const QString id = QString::fromStdString(r.strategy);
        auto it = clouds_.find(id);
        if (it == clouds_.end()) {
            Cloud c;
            c.series = newMarkerSeries(MarkerShape::Circle, 7, seriesColor(id),
                                       seriesColor(id).darker(130));
            c.series->setName(strategyLabel(id));
            chart()->addSeries(c.series);
            c.series->attachAxis(x_);
            c.series->attachAxis(y_);
            showMarkerInLegend(chart(), c.series);
            it = clouds_.insert(id, c);
        }
        const QPointF p(r.preexecution_time_estimate, r.preexecution_time);
        max_ = std::max({max_, p.x(), p.y()});
        // Thin on a grid of ~1/400 of the range: thousands of overlapping markers cost
        // redraw time and show nothing more. When the grid coarsens, the cells taken on
        // the finer one are re-keyed: left as they were, their keys alias onto the new
        // grid's and hid new points far from any shown (a 7 s request behind a 190 ms one).
        if (max_ / 400.0 > 1.25 * cellMs_) {
            cellMs_ = max_ / 400.0;
            for (auto& c : clouds_) {
                c.cells.clear();
                for (const auto& q : c.points) c.cells.insert(cellKey(q));
            }
        }
        const qint64 cell = cellKey(p);
        if (it->cells.contains(cell)) continue;
        it->cells.insert(cell);
        it->points.append(p);
        it->dirty = true;
    }
    scheduleRefresh();
}

qint64 PredictionScatterWidget::cellKey(const QPointF& p) const {
    return (qint64(p.x() / cellMs_) << 32) ^ qint64(p.y() / cellMs_);
}

bool PredictionScatterWidget::shows(const QPointF& p) const {
    for (const auto& c : clouds_)
        for (const auto& q : c.points)
            if (std::abs(q.x() - p.x()) <= cellMs_ && std::abs(q.y() - p.y()) <= cellMs_)
                return true;
    return false;
}

int PredictionScatterWidget::shownPoints() const {
    int n = 0;
    for (const auto& c : clouds_) n += int(c.points.size());
    return n;
}

void PredictionScatterWidget::refresh() {
    if (clouds_.isEmpty()) return;
    setMessage(QString());
    for (auto& c : clouds_)
        if (c.dirty) {
            c.series->replace(c.points);
            c.dirty = false;
        }
    const double before = x_->max();
    growRange(x_, 0, max_);
    if (x_->max() != before || y_->max() != x_->max()) {
        y_->setRange(0, x_->max());
        diagonal_->replace({{0, 0}, {x_->max(), x_->max()}});
    }
}

}  // namespace pieslicer::ui
