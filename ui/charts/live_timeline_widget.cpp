#include "charts/live_timeline_widget.h"

#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>
#include <algorithm>

#include "run/strategy_catalog.h"

namespace pieslicer::ui {

LiveTimelineWidget::LiveTimelineWidget(QWidget* parent)
    : ChartPanel("live_preexecution",
                 tr("Pre-execution time per request (dark: measured, pale: predicted)"), parent) {
    x_ = new QValueAxis;
    x_->setTitleText(tr("Request #"));
    x_->setLabelFormat("%d");
    y_ = new QValueAxis;
    y_->setTitleText(tr("Pre-execution (ms)"));
    y_->setLabelFormat("%g");
    rate_ = new QValueAxis;
    rate_->setTitleText(tr("Uplink (Mbit/s)"));
    rate_->setLabelFormat("%g");
    rate_->setLinePenColor(QColor("#888"));
    rate_->setGridLineVisible(false);
    chart()->addAxis(x_, Qt::AlignBottom);
    chart()->addAxis(y_, Qt::AlignLeft);
    chart()->addAxis(rate_, Qt::AlignRight);
    x_->setRange(0, 10);
    y_->setRange(0, 100);
    rate_->setRange(0, 10);
    setMessage(tr("Press Run: requests appear here as they are measured"));
}

LiveTimelineWidget::Track& LiveTimelineWidget::track(const QString& key, const QString& label,
                                                     const QColor& color, bool dashed,
                                                     bool rateAxis) {
    auto it = tracks_.find(key);
    if (it != tracks_.end()) return *it;
    Track t;
    t.series = new QLineSeries;
    t.series->setName(label);
    // Predictions in a pale solid line: a dashed pen over thousands of points costs
    // the raster engine more than the rest of the frame together (measured in bench/).
    QPen pen(dashed ? color.lighter(150) : color, dashed ? 1.2 : 1.8);
    t.series->setPen(pen);
    chart()->addSeries(t.series);
    if (dashed)  // the title explains dashes; one legend entry per strategy keeps it readable
        for (auto* m : chart()->legend()->markers(t.series)) m->setVisible(false);
    t.series->attachAxis(x_);
    t.series->attachAxis(rateAxis ? rate_ : y_);
    return *tracks_.insert(key, t);
}

void LiveTimelineWidget::clear() {
    for (auto& t : tracks_) chart()->removeSeries(t.series), delete t.series;
    tracks_.clear();
    xMax_ = yMax_ = rateMax_ = 0;
    x_->setRange(0, 10);
    y_->setRange(0, 100);
    rate_->setRange(0, 10);
    setMessage(tr("Press Run: requests appear here as they are measured"));
}

void LiveTimelineWidget::addRecords(const std::vector<RequestRecord>& records, int firstIndex) {
    int index = firstIndex;
    for (const auto& r : records) {
        const double x = ++index;
        const QString id = QString::fromStdString(r.strategy);
        auto& rate = track("__rate", tr("Uplink rate"), QColor("#999999"), false, true);
        const double mbps = uplinkRateMbps(r);
        rate.points.append({x, mbps});
        rate.dirty = true;
        rateMax_ = std::max(rateMax_, mbps);
        xMax_ = x;
        if (!r.ok()) continue;
        const QColor color = seriesColor(id);
        auto& m = track(id, strategyLabel(id), color, false, false);
        m.points.append({x, r.preexecution_time});
        m.dirty = true;
        yMax_ = std::max(yMax_, r.preexecution_time);
        if (r.preexecution_time_estimate > 0) {
            auto& p = track(id + "#pred", strategyLabel(id) + tr(" predicted"), color.lighter(130),
                            true, false);
            p.points.append({x, r.preexecution_time_estimate});
            p.dirty = true;
            yMax_ =
                std::max(yMax_, std::min(r.preexecution_time_estimate, r.preexecution_time * 10));
        }
    }
    scheduleRefresh();
}

double LiveTimelineWidget::uplinkRateMbps(const RequestRecord& r) {
    // Records from before link_rate_mbps only know the configured rate.
    return r.link_rate_mbps > 0 ? r.link_rate_mbps : r.uplink_mbps;
}

QList<QPointF> LiveTimelineWidget::ratePoints() const {
    const auto it = tracks_.constFind("__rate");
    return it == tracks_.constEnd() ? QList<QPointF>() : it->points;
}

int LiveTimelineWidget::pointCount() const {
    int n = 0;
    for (const auto& t : tracks_) n += int(t.points.size());
    return n;
}

void LiveTimelineWidget::refresh() {
    if (tracks_.isEmpty()) return;
    setMessage(QString());
    const int buckets = std::max(100, view()->width() / 2);
    for (auto& t : tracks_) {
        if (!t.dirty) continue;
        t.series->replace(downsampleMinMax(t.points, buckets));  // one replace per series per frame
        t.dirty = false;
    }
    growRange(x_, 0, xMax_);
    growRange(y_, 0, yMax_);
    growRange(rate_, 0, rateMax_);
}

}  // namespace pieslicer::ui
