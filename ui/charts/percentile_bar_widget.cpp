#include "charts/percentile_bar_widget.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QValueAxis>
#include <algorithm>

namespace pieslicer::ui {

PercentileBarWidget::PercentileBarWidget(QWidget* parent)
    : ChartPanel("compare_percentiles", tr("Pre-execution time percentiles"), parent) {
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

void PercentileBarWidget::refresh() {
    double maxV = 0;
    const int n = int(rows_.size());
    for (int k = 0; k < 3; ++k) {
        QBarSet* set = sets_[k];
        if (set->count() > n) set->remove(n, set->count() - n);
        for (int i = 0; i < n; ++i) {
            const auto& r = rows_[std::size_t(i)];
            const double v = k == 0 ? r.p50 : k == 1 ? r.p90 : r.p99;
            maxV = std::max(maxV, v);
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
    y_->setRange(0, maxV > 0 ? maxV * 1.15 : 1);
    y_->applyNiceNumbers();
    setMessage(rows_.empty() ? tr("No data yet") : QString());
}

}  // namespace pieslicer::ui
