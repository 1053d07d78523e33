#include "charts/percentile_bar_widget.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>
#include <algorithm>

namespace pieslicer::ui {

PercentileBarWidget::PercentileBarWidget(QWidget* parent)
    : ChartPanel("compare_percentiles",
                 tr("Pre-execution time percentiles (error bars: 95% bootstrap interval)"),
                 parent) {
    series_ = new QBarSeries;
    const char* names[] = {"p50", "p90", "p99"};
    const QColor colors[] = {QColor("#8ecae6"), QColor("#219ebc"), QColor("#023047")};
    for (int k = 0; k < 3; ++k) {
        auto* set = new QBarSet(names[k]);
        set->setColor(colors[k]);
        set->setLabelColor(Qt::black);
        QFont f = set->labelFont();
        f.setPointSizeF(std::max(6.0, f.pointSizeF() * 0.8));
        set->setLabelFont(f);
        series_->append(set);
        sets_.append(set);
    }
    series_->setLabelsVisible(true);
    series_->setLabelsFormat("@value");
    series_->setLabelsPrecision(4);
    series_->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    series_->setLabelsAngle(-90);  // side by side bars leave no room for horizontal numbers
    chart()->addSeries(series_);
    cats_ = new QBarCategoryAxis;
    y_ = new QValueAxis;
    y_->setTitleText(tr("Pre-execution time (ms)"));
    y_->setLabelFormat("%g");
    chart()->addAxis(cats_, Qt::AlignBottom);
    chart()->addAxis(y_, Qt::AlignLeft);
    series_->attachAxis(cats_);
    series_->attachAxis(y_);
    setMessage(tr("No data yet"));
}

void PercentileBarWidget::setRows(std::vector<PercentileRow> rows) {
    rows_ = std::move(rows);
    scheduleRefresh();
}

int PercentileBarWidget::errorBarCount() const {
    int n = 0;
    for (const QLineSeries* w : whiskers_) n += w->count() > 0 ? 1 : 0;
    return n;
}

// Qt Charts has no error bar series: each whisker is a line series of its own (a shared
// one would join them), on the bar axis, where category i spans [i - 0.5, i + 0.5] and
// the three bars of a group share the series' default width of half a category.
void PercentileBarWidget::refreshErrorBars() {
    const int wanted = int(rows_.size()) * 3;
    while (whiskers_.size() < wanted) {
        auto* w = new QLineSeries;
        QPen pen(QColor("#e85d04"));
        pen.setWidthF(1.6);
        w->setPen(pen);
        chart()->addSeries(w);
        w->attachAxis(cats_);
        w->attachAxis(y_);
        for (QLegendMarker* m : chart()->legend()->markers(w)) m->setVisible(false);
        whiskers_.append(w);
    }
    while (whiskers_.size() > wanted) {
        QLineSeries* w = whiskers_.takeLast();
        chart()->removeSeries(w);
        delete w;
    }
    const double barWidth = 0.5 / 3, cap = barWidth / 4;
    for (int i = 0; i < int(rows_.size()); ++i)
        for (int k = 0; k < 3; ++k) {
            const auto& r = rows_[std::size_t(i)];
            QList<QPointF> points;
            if (r.lo[k] <= r.hi[k]) {
                const double x = i - 0.25 + (k + 0.5) * barWidth;
                points = {{x - cap, r.lo[k]}, {x + cap, r.lo[k]}, {x, r.lo[k]},
                          {x, r.hi[k]},       {x - cap, r.hi[k]}, {x + cap, r.hi[k]}};
            }
            whiskers_[i * 3 + k]->replace(points);
        }
}

void PercentileBarWidget::refresh() {
    double maxV = 0;
    const int n = int(rows_.size());
    for (int k = 0; k < 3; ++k) {
        QBarSet* set = sets_[k];
        if (set->count() > n) set->remove(n, set->count() - n);
        for (int i = 0; i < n; ++i) {
            const auto& r = rows_[std::size_t(i)];
            const double v = k == 0 ? r.p50 : k == 1 ? r.p90 : r.p99;
            maxV = std::max({maxV, v, r.lo[k] <= r.hi[k] ? r.hi[k] : 0.0});
            if (i < set->count())
                set->replace(i, v);
            else
                set->append(v);
        }
    }
    QStringList labels;
    for (const auto& r : rows_) labels << r.label;
    if (cats_->categories() != labels) {
        cats_->clear();
        cats_->append(labels);
    }
    fitRange(y_, 0, maxV > 0 ? maxV * 1.15 : 1);
    refreshErrorBars();
    setMessage(rows_.empty() ? tr("No data yet") : QString());
}

}  // namespace pieslicer::ui
