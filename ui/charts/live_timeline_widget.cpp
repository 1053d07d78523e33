#include "charts/live_timeline_widget.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPainter>
#include <QScrollBar>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <limits>

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
    // Thousands of 1 px segments redrawn four times a second: aliased on screen (the
    // raster engine's fastest line path; the chart's paint CPU in bench_ui_live halved);
    // exports keep antialiasing (drawForExport).
    view()->setRenderHint(QPainter::Antialiasing, false);

    scroll_ = new QScrollBar(Qt::Horizontal);
    scroll_->setRange(0, 0);  // at its maximum: following the newest request
    scroll_->setToolTip(
        tr("Scroll back through the run; at the right end the chart follows "
           "the newest request"));
    wholeBox_ = new QCheckBox(tr("Whole run"));
    wholeBox_->setToolTip(
        tr("Show every request of the run (decimated to the chart's width) "
           "instead of a sliding window"));
    auto* row = new QHBoxLayout;
    row->setContentsMargins(4, 0, 4, 2);
    row->addWidget(scroll_, 1);
    row->addWidget(wholeBox_);
    static_cast<QVBoxLayout*>(layout())->addLayout(row);
    scroll_->hide();  // until the run outgrows the window
    wholeBox_->hide();
    connect(scroll_, &QScrollBar::valueChanged, this, [this] { scheduleRefresh(); });
    connect(wholeBox_, &QCheckBox::toggled, this, &LiveTimelineWidget::setWholeRun);
}

void LiveTimelineWidget::setWindow(int requests) {
    window_ = std::max(0, requests);
    updateScrollBar();
    scheduleRefresh();
}

void LiveTimelineWidget::setWholeRun(bool whole) {
    whole_ = whole;
    if (wholeBox_->isChecked() != whole) wholeBox_->setChecked(whole);
    scroll_->setEnabled(!whole);
    for (auto& t : tracks_) t.dirty = true;
    scheduleRefresh();
}

bool LiveTimelineWidget::following() const { return scroll_->value() >= scroll_->maximum(); }

void LiveTimelineWidget::scrollTo(int first) { scroll_->setValue(first); }

void LiveTimelineWidget::updateScrollBar() {
    const bool follow = following();
    const int last = std::max(0, int(xMax_) - window_);
    const bool windowed = window_ > 0 && last > 0;
    scroll_->setVisible(windowed);
    wholeBox_->setVisible(windowed);
    if (!windowed) return;
    const QSignalBlocker block(scroll_);
    scroll_->setPageStep(window_);
    scroll_->setSingleStep(std::max(1, window_ / 20));
    scroll_->setMaximum(last);
    if (follow) scroll_->setValue(last);
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
    // One-pixel cosmetic pens: wider ones are stroked into polygons on every paint.
    t.series->setPen(densePen(dashed ? color.lighter(150) : color));
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
    shownPoints_ = 0;
    {
        const QSignalBlocker block(scroll_);
        scroll_->setMaximum(0);
        scroll_->setValue(0);
    }
    updateScrollBar();
    x_->setRange(0, 10);
    y_->setRange(0, 100);
    rate_->setRange(0, 10);
    setMessage(tr("Press Run: requests appear here as they are measured"));
}

void LiveTimelineWidget::pointsOf(const RequestRecord& r, double x,
                                  const std::function<void(Track&, double)>& add) {
    const QString id = QString::fromStdString(r.strategy);
    auto& rate = track("__rate", tr("Uplink rate"), QColor("#999999"), false, true);
    const double mbps = uplinkRateMbps(r);
    add(rate, mbps);
    rateMax_ = std::max(rateMax_, mbps);
    xMax_ = std::max(xMax_, x);
    if (!r.ok()) return;
    const QColor color = seriesColor(id);
    auto& m = track(id, strategyLabel(id), color, false, false);
    add(m, r.preexecution_time);
    yMax_ = std::max(yMax_, r.preexecution_time);
    if (r.preexecution_time_estimate > 0) {
        auto& p = track(id + "#pred", strategyLabel(id) + tr(" predicted"), color.lighter(130),
                        true, false);
        add(p, r.preexecution_time_estimate);
        yMax_ = std::max(yMax_, std::min(r.preexecution_time_estimate, r.preexecution_time * 10));
    }
}

void LiveTimelineWidget::addRecords(const std::vector<RequestRecord>& records, int firstIndex) {
    int index = firstIndex;
    for (const auto& r : records) {
        const double x = ++index;
        pointsOf(r, x, [&](Track& t, double y) {
            t.all.add(x, y);
            if (window_ > 0) t.recent.push_back({x, y});
            t.dirty = true;
        });
    }
    // The window keeps the last window_ requests; older ones live in the decimation.
    for (auto& t : tracks_)
        while (!t.recent.empty() && t.recent.front().x() <= xMax_ - window_) t.recent.pop_front();
    // The scroll bar is updated with the chart (refresh()), not per batch: each change of
    // its range repainted it, about 30 times a second while streaming.
    scheduleRefresh();
}

double LiveTimelineWidget::uplinkRateMbps(const RequestRecord& r) {
    // Records from before link_rate_mbps only know the configured rate.
    return r.link_rate_mbps > 0 ? r.link_rate_mbps : r.uplink_mbps;
}

namespace {

QList<QPointF> toList(const std::vector<MinMaxDecimator::Point>& points) {
    QList<QPointF> out;
    out.reserve(qsizetype(points.size()));
    for (const auto& p : points) out.append({p.x, p.y});
    return out;
}

constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace

QList<QPointF> LiveTimelineWidget::ratePoints() const {
    const auto it = tracks_.constFind("__rate");
    return it == tracks_.constEnd() ? QList<QPointF>() : toList(it->all.points(-kInf, kInf));
}

int LiveTimelineWidget::pointCount() const {
    int n = 0;
    for (const auto& t : tracks_) n += int(t.all.points(-kInf, kInf).size() + t.recent.size());
    return n;
}

void LiveTimelineWidget::refresh() {
    updateScrollBar();
    if (tracks_.isEmpty()) return;
    setMessage(QString());
    const int budget = linePointBudget();
    const bool windowed = window_ > 0 && !whole_ && xMax_ > window_;
    double lo = 0, hi = xMax_;
    QHash<QString, QList<QPointF>> points;  // per series key, for this frame
    if (!windowed) {
        for (auto it = tracks_.begin(); it != tracks_.end(); ++it)
            points[it.key()] = toList(it->all.points(-kInf, kInf));
    } else if (following()) {
        lo = xMax_ - window_;
        for (auto it = tracks_.begin(); it != tracks_.end(); ++it)
            points[it.key()] = QList<QPointF>(it->recent.begin(), it->recent.end());
    } else {
        const int first = scroll_->value();
        lo = first;
        hi = first + window_;
        if (history_) {  // full resolution, read back from the store
            const auto records = history_(first, window_);
            double x = first;
            QHash<Track*, QString> keys;
            for (auto it = tracks_.begin(); it != tracks_.end(); ++it) keys[&*it] = it.key();
            for (const auto& r : records) {
                ++x;
                pointsOf(r, x, [&](Track& t, double y) {
                    if (!keys.contains(&t)) {  // a series first seen here moved the others
                        keys.clear();
                        for (auto it = tracks_.begin(); it != tracks_.end(); ++it)
                            keys[&*it] = it.key();
                    }
                    points[keys.value(&t)].append({x, y});
                });
            }
        } else {
            for (auto it = tracks_.begin(); it != tracks_.end(); ++it)
                points[it.key()] = toList(it->all.points(lo, hi));
        }
    }
    // Every series gets new points: the old ones are dropped before the axes move (a range
    // change re-maps and re-strokes every series' points), so each point is stroked once.
    for (auto& t : tracks_) t.series->clear();
    if (windowed)
        x_->setRange(lo, std::max(hi, lo + 10));
    else
        growRange(x_, 0, xMax_);
    growRange(y_, 0, yMax_);
    growRange(rate_, 0, rateMax_);
    shownPoints_ = 0;
    for (auto it = tracks_.begin(); it != tracks_.end(); ++it) {
        const QList<QPointF> shown = downsampleMinMax(points.value(it.key()), budget);
        shownPoints_ += int(shown.size());
        it->series->replace(shown);  // one replace per series per frame
        it->dirty = false;
    }
}

}  // namespace pieslicer::ui
