#include "charts/link_trace_widget.h"

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "net/delivery_trace.h"
#include "run/link_check.h"

namespace pieslicer::ui {

LinkTraceWidget::LinkTraceWidget(QWidget* parent)
    : ChartPanel("live_link_trace",
                 tr("Uplink trace over the run: its rate, and each upload at the rate it met"),
                 parent) {
    x_ = new QValueAxis;
    x_->setTitleText(tr("Time since the run started (s)"));
    x_->setLabelFormat("%g");
    y_ = new QValueAxis;
    y_->setTitleText(tr("Mbit/s"));
    y_->setLabelFormat("%g");
    chart()->addAxis(x_, Qt::AlignBottom);
    chart()->addAxis(y_, Qt::AlignLeft);
    line_ = new QLineSeries;
    line_->setName(tr("Trace, %1 ms bins").arg(kBinMs));
    line_->setPen(densePen(QColor("#888888")));  // redrawn while requests stream in
    dots_ = new QScatterSeries;
    dots_->setName(tr("Upload (true rate)"));
    dots_->setColor(QColor("#1f4e9c"));
    dots_->setBorderColor(QColor("#1f4e9c"));
    dots_->setMarkerSize(7);
    offDots_ = new QScatterSeries;
    offDots_->setName(tr("Upload, link off by >%1%").arg(LinkCheck::kThresholdPct));
    offDots_->setColor(QColor("#d1495b"));
    offDots_->setBorderColor(QColor("#d1495b"));
    offDots_->setMarkerSize(8);
    for (auto* s : std::initializer_list<QXYSeries*>{line_, dots_, offDots_}) {
        chart()->addSeries(s);
        s->attachAxis(x_);
        s->attachAxis(y_);
    }
    clear();
}

void LinkTraceWidget::setTrace(std::shared_ptr<const DeliveryTrace> trace) {
    trace_ = std::move(trace);
    bins_.clear();
    clear();
    setVisible(bool(trace_));  // hidden, it draws nothing
}

void LinkTraceWidget::clear() {
    timesMs_.clear();
    measuredAtSec_.clear();
    requests_.clear();
    offRequests_.clear();
    lastSec_ = 0;
    yMax_ = trace_ ? trace_->meanBitsPerSecond() / 1e6 : 1;
    x_->setRange(0, 10);
    y_->setRange(0, 10);
    dirty_ = true;
    setMessage(trace_ ? tr("Uploads appear on the trace as they are measured")
                      : tr("No trace drives the uplink"));
    scheduleRefresh();
}

void LinkTraceWidget::addTimes(int first, const std::vector<double>& ms) {
    if (first < 0) return;
    if (timesMs_.size() < std::size_t(first) + ms.size())
        timesMs_.resize(std::size_t(first) + ms.size(), -1);
    std::copy(ms.begin(), ms.end(), timesMs_.begin() + first);
}

void LinkTraceWidget::addRecords(const std::vector<RequestRecord>& records, int firstIndex) {
    if (!trace_) return;
    int row = firstIndex;
    for (const auto& r : records) {
        const std::size_t at = std::size_t(row++);
        if (!r.ok() || at >= timesMs_.size() || timesMs_[at] < 0) continue;
        // The row arrives when its request has ended; the upload is the request's start:
        // mark the middle of the transfer. Rows sharing a measurement share its time.
        const QString id = QString::fromStdString(r.measurement_id);
        double sec = (timesMs_[at] - r.time_local_remote + r.transfer_time_real / 2) / 1000.0;
        sec = std::max(0.0, sec);
        if (!id.isEmpty()) {
            const auto seen = measuredAtSec_.constFind(id);
            if (seen != measuredAtSec_.constEnd()) continue;  // already drawn
            measuredAtSec_.insert(id, sec);
        }
        const double mbps = r.link_rate_mbps > 0 ? r.link_rate_mbps : r.uplink_mbps;
        const QPointF p(sec, mbps);
        requests_.append(p);
        if (std::abs(r.link_error_pct) > LinkCheck::kThresholdPct) offRequests_.append(p);
        lastSec_ = std::max(lastSec_, timesMs_[at] / 1000.0);
        yMax_ = std::max(yMax_, mbps);
        dirty_ = true;
    }
    if (dirty_) scheduleRefresh();
}

void LinkTraceWidget::extendBins(double untilMs) {
    // Bins are computed once each: a long run adds a few per frame.
    while (double(bins_.size()) * kBinMs < untilMs) {
        const double from = double(bins_.size()) * kBinMs;
        const double mbps = trace_->bitsPerSecondOver(from, from + kBinMs) / 1e6;
        bins_.append({(from + kBinMs / 2) / 1000.0, mbps});
        yMax_ = std::max(yMax_, mbps);
    }
}

QList<QPointF> LinkTraceWidget::tracePoints() const { return line_->points(); }

void LinkTraceWidget::refresh() {
    if (!dirty_) return;
    dirty_ = false;
    if (!trace_) {
        line_->clear();
        dots_->clear();
        offDots_->clear();
        return;
    }
    if (!requests_.isEmpty()) setMessage(QString());
    // Show a loop of the trace (up to 10 s: more would squeeze the first uploads) before
    // the first request lands; the line always reaches the axis' end.
    const double periodSec = double(trace_->periodMs()) / 1000.0;
    growRange(x_, 0, std::max(lastSec_, std::min(periodSec, 10.0)));
    extendBins(x_->max() * 1000.0);
    QList<QPointF> shown;
    shown.reserve(bins_.size());
    for (const auto& b : bins_)
        if (b.x() <= x_->max()) shown.append(b);
    // Each series gets one replace() per frame.
    line_->replace(downsampleMinMax(shown, linePointBudget()));
    dots_->replace(requests_);
    offDots_->replace(offRequests_);
    growRange(y_, 0, yMax_);
}

}  // namespace pieslicer::ui
