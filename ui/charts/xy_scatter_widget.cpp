#include "charts/xy_scatter_widget.h"

#include <QChart>
#include <QChartView>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QSet>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "charts/light_markers.h"

namespace pieslicer::ui {

XYScatterWidget::XYScatterWidget(const QString& id, const QString& title, const QString& xTitle,
                                 const QString& yTitle, QWidget* parent)
    : ChartPanel(id, title, parent), xTitle_(xTitle), yTitle_(yTitle) {
    x_ = new QValueAxis;
    x_->setTitleText(xTitle_);
    x_->setLabelFormat("%g");
    chart()->addAxis(x_, Qt::AlignBottom);
    makeYAxis();
    setMessage(tr("No data yet"));
}

void XYScatterWidget::makeYAxis() {
    if (y_) {
        for (auto* s : series_) s->detachAxis(y_);
        chart()->removeAxis(y_);
        delete y_;
    }
    if (logY_) {
        auto* ly = new QLogValueAxis;
        ly->setBase(10);
        ly->setLabelFormat("%g");
        ly->setMinorTickCount(0);
        {
            QPen minor(QColor("#f0f0f0"));
            minor.setWidthF(0.6);
            ly->setMinorGridLinePen(minor);
        }
        y_ = ly;
    } else {
        auto* vy = new QValueAxis;
        vy->setLabelFormat("%g");
        y_ = vy;
    }
    y_->setTitleText(yTitle_);
    chart()->addAxis(y_, Qt::AlignLeft);
    for (auto* s : series_) s->attachAxis(y_);
}

namespace {

bool sameGroup(const XYGroup& a, const XYGroup& b) {
    return a.key == b.key && a.label == b.label && a.line == b.line && a.hollow == b.hollow &&
           a.triangle == b.triangle && a.points == b.points;  // shared points compare at once
}

}  // namespace

void XYScatterWidget::setGroups(std::vector<XYGroup> groups) {
    // The Compare tab hands the same cells pass after pass once a run's files have filled
    // them: a redraw of thousands of markers then showed nothing new (issue #15).
    if (std::equal(groups.begin(), groups.end(), groups_.begin(), groups_.end(), sameGroup)) return;
    groups_ = std::move(groups);
    scheduleRefresh();
}

void XYScatterWidget::setLogY(bool log) {
    if (log == logY_) return;
    logY_ = log;
    makeYAxis();
    scheduleRefresh();
}

int XYScatterWidget::pointCount() const {
    int n = 0;
    for (const auto& g : groups_) n += g.line ? 0 : int(g.points.size());
    return n;
}

QList<QPointF> XYScatterWidget::thinToCells(const QList<QPointF>& points, const QRectF& range,
                                            const QSizeF& plotPx, bool logY, double cellPx) {
    if (points.size() < 2 || plotPx.isEmpty() || range.width() <= 0 || range.height() <= 0)
        return points;
    const double y0 = logY ? std::log10(range.top()) : range.top();
    const double y1 = logY ? std::log10(range.bottom()) : range.bottom();
    const double sx = plotPx.width() / range.width() / cellPx;
    const double sy = plotPx.height() / (y1 - y0) / cellPx;
    QSet<qint64> taken;
    taken.reserve(points.size());
    QList<QPointF> out;
    out.reserve(points.size());
    for (const auto& p : points) {
        const double y = logY ? std::log10(p.y()) : p.y();
        const qint64 cx = qint64(std::floor((p.x() - range.left()) * sx));
        const qint64 cy = qint64(std::floor((y - y0) * sy));
        if (taken.contains((cx << 32) ^ (cy & 0xffffffff))) continue;
        taken.insert((cx << 32) ^ (cy & 0xffffffff));
        out.append(p);
    }
    return out;
}

void XYScatterWidget::refresh() {
    QChart* c = chart();
    double xMax = 0, yMin = 1e300, yMax = 0;
    std::vector<QList<QPointF>> shown(groups_.size());
    for (std::size_t i = 0; i < groups_.size(); ++i) {
        QList<QPointF> pts = groups_[i].points;
        if (logY_)
            pts.erase(
                std::remove_if(pts.begin(), pts.end(), [](const QPointF& p) { return p.y() <= 0; }),
                pts.end());
        for (const auto& p : pts) {
            xMax = std::max(xMax, p.x());
            yMin = std::min(yMin, p.y());
            yMax = std::max(yMax, p.y());
        }
        shown[i] = std::move(pts);
    }
    const bool any =
        std::any_of(shown.begin(), shown.end(), [](const auto& p) { return !p.isEmpty(); });
    // Axes first, so the markers can be thinned to what the plot's pixels can show.
    if (any) {
        fitRange(x_, 0, xMax > 0 ? xMax * 1.05 : 1);
        if (auto* ly = qobject_cast<QLogValueAxis*>(y_)) {
            const double lo = std::pow(10, std::floor(std::log10(std::max(1e-3, yMin))));
            ly->setRange(lo, std::pow(10, std::ceil(std::log10(std::max(yMax * 1.0001, lo * 10)))));
        } else if (auto* vy = qobject_cast<QValueAxis*>(y_)) {
            fitRange(vy, 0, yMax > 0 ? yMax * 1.1 : 1);
        }
    }
    double yLo = 0, yHi = 1;
    if (auto* ly = qobject_cast<QLogValueAxis*>(y_))
        yLo = ly->min(), yHi = ly->max();
    else if (auto* vy = qobject_cast<QValueAxis*>(y_))
        yLo = vy->min(), yHi = vy->max();
    const QRectF range(QPointF(x_->min(), yLo), QPointF(x_->max(), yHi));
    const QSizeF plotPx =
        c->plotArea().size().isEmpty() ? QSizeF(view()->size()) : c->plotArea().size();
    QSet<QString> seen;
    for (std::size_t i = 0; i < groups_.size(); ++i) {
        const auto& g = groups_[i];
        if (shown[i].isEmpty()) continue;
        const QString key = QString("%1/%2/%3").arg(i).arg(g.key).arg(g.line);
        seen.insert(key);
        QXYSeries* s = series_.value(key);
        if (!s) {
            const QColor color = seriesColor(g.key);
            if (g.line) {
                auto* l = new QLineSeries;
                l->setPen(QPen(color.darker(110), 2.0));
                s = l;
            } else {
                s = newMarkerSeries(g.triangle ? MarkerShape::Triangle : MarkerShape::Circle,
                                    g.hollow ? 9 : 8, g.hollow ? QColor(Qt::transparent) : color,
                                    color, g.hollow ? 1.5 : 1.0);
            }
            c->addSeries(s);
            s->attachAxis(x_);
            s->attachAxis(y_);
            if (!g.line) showMarkerInLegend(c, s);
            series_.insert(key, s);
        }
        s->setName(g.label);
        // A group without a label (a line joining another group's markers) has no legend entry.
        for (QLegendMarker* m : c->legend()->markers(s)) m->setVisible(!g.label.isEmpty());
        // Markers 8-9 px wide: more than one per kMarkerCellPx square adds nothing seen, and
        // every point handed to Qt Charts is mapped and painted on the GUI thread (issue #15).
        s->replace(g.line ? shown[i] : thinToCells(shown[i], range, plotPx, logY_, kMarkerCellPx));
    }
    for (auto it = series_.begin(); it != series_.end();) {
        if (seen.contains(it.key())) {
            ++it;
            continue;
        }
        c->removeSeries(it.value());
        delete it.value();
        it = series_.erase(it);
    }
    thinnedFor_ = plotPx;
    setMessage(seen.isEmpty() ? tr("No data yet") : QString());
}

void XYScatterWidget::resizeEvent(QResizeEvent* e) {
    ChartPanel::resizeEvent(e);
    if (thinnedFor_.isEmpty() || groups_.empty()) return;
    const QSizeF now(view()->size());
    if (now.width() > 1.5 * thinnedFor_.width() || now.height() > 1.5 * thinnedFor_.height())
        scheduleRefresh();
}

}  // namespace pieslicer::ui
