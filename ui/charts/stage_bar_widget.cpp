#include "charts/stage_bar_widget.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QHorizontalStackedBarSeries>
#include <QValueAxis>
#include <algorithm>

namespace pieslicer::ui {

QStringList stageNames() {
    return {QObject::tr("Device prep"), QObject::tr("Upload"), QObject::tr("Cloud prep"),
            QObject::tr("Inference")};
}

StageRow stageRow(const RequestRecord& r, const QString& label) {
    StageRow row;
    row.label = label;
    const double cloudPrep = r.time_remote_load + r.time_remote_general_resize +
                             r.time_remote_specific_resize + r.time_remote_convert;
    row.ms[0] = r.time_local_preprocess;
    row.ms[1] = std::max(0.0, r.transfer_time_real);
    row.ms[2] = cloudPrep;
    row.ms[3] = r.time_remote_inference;
    return row;
}

StageBarWidget::StageBarWidget(QWidget* parent)
    : ChartPanel("live_stage_breakdown", tr("Stage breakdown"), parent) {
    static const QColor colors[] = {QColor("#d1495b"), QColor("#edae49"), QColor("#1f4e9c"),
                                    QColor("#2a9d4b")};
    series_ = new QHorizontalStackedBarSeries;
    const QStringList names = stageNames();
    for (int s = 0; s < 4; ++s) {
        auto* set = new QBarSet(names[s]);
        set->setColor(colors[s]);
        set->setBorderColor(colors[s].darker(120));
        series_->append(set);
        sets_.append(set);
    }
    series_->setBarWidth(0.6);
    chart()->addSeries(series_);
    cats_ = new QBarCategoryAxis;
    x_ = new QValueAxis;
    x_->setTitleText(tr("Time (ms)"));
    x_->setLabelFormat("%g");
    chart()->addAxis(cats_, Qt::AlignLeft);
    chart()->addAxis(x_, Qt::AlignBottom);
    series_->attachAxis(cats_);
    series_->attachAxis(x_);
    setMessage(tr("Select a request in the list to see its stages"));
}

void StageBarWidget::setRows(std::vector<StageRow> rows) {
    rows_ = std::move(rows);
    scheduleRefresh();
}

void StageBarWidget::refresh() {
    double maxTotal = 0;
    for (const auto& r : rows_)
        maxTotal = std::max(maxTotal, r.ms[0] + r.ms[1] + r.ms[2] + r.ms[3]);
    QStringList labels;
    for (auto it = rows_.rbegin(); it != rows_.rend(); ++it) labels << it->label;
    for (int s = 0; s < 4; ++s) {
        QBarSet* set = sets_[s];
        const int n = int(rows_.size());
        if (set->count() > n) set->remove(n, set->count() - n);
        int i = 0;
        for (auto it = rows_.rbegin(); it != rows_.rend(); ++it, ++i) {
            const double v = it->ms[std::size_t(s)];
            if (i < set->count())
                set->replace(i, v);
            else
                set->append(v);
        }
    }
    if (cats_->categories() != labels) {
        cats_->clear();
        cats_->append(labels);
    }
    fitRange(x_, 0, maxTotal > 0 ? maxTotal * 1.1 : 1);  // moves rarely while following
    setMessage(rows_.empty() ? tr("Select a request in the list to see its stages") : QString());
}

}  // namespace pieslicer::ui
