#include "panels/run_panel.h"

#include <QAction>
#include <QCheckBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include "run/strategy_catalog.h"

namespace pieslicer::ui {

QString formatDuration(double ms) {
    const qint64 s = qint64(ms / 1000.0 + 0.5);
    if (s < 60) return QObject::tr("%1 s").arg(s);
    if (s < 3600) return QObject::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QObject::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

RunPanel::RunPanel(QAction* run, QAction* pause, QAction* stop, QWidget* parent)
    : QGroupBox(tr("Run"), parent) {
    auto* layout = new QVBoxLayout(this);
    auto* grid = new QGridLayout;
    int i = 0;
    for (const auto& s : availableStrategies()) {
        auto* box = new QCheckBox(s.label);
        box->setToolTip(s.needsProfile ? tr("%1: uses the cost profile (Device panel)").arg(s.id)
                                       : tr("%1: needs no cost profile").arg(s.id));
        box->setChecked(s.preselected);
        boxes_.insert(s.id, box);
        grid->addWidget(box, i / 2, i % 2);
        ++i;
    }
    layout->addLayout(grid);
    repeat_ = new QSpinBox;
    repeat_->setRange(1, 1000);
    repeat_->setToolTip(tr("How many times every image is measured with every strategy"));
    auto* form = new QFormLayout;
    form->addRow(tr("Repeats"), repeat_);
    independent_ = new QCheckBox(tr("A separate request per strategy"));
    independent_->setToolTip(
        tr("Off (paired): each order is measured once per image and shared by every strategy "
           "that chose it, so strategies differ only by their decisions. On: every strategy "
           "sends its own requests, to study run-to-run noise."));
    form->addRow(independent_);
    layout->addLayout(form);
    auto* buttons = new QHBoxLayout;
    for (QAction* a : {run, pause, stop}) {
        auto* b = new QToolButton;
        b->setDefaultAction(a);
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        buttons->addWidget(b);
    }
    layout->addLayout(buttons);
    bar_ = new QProgressBar;
    bar_->setRange(0, 1);
    bar_->setValue(0);
    bar_->setFormat("%v / %m");
    eta_ = new QLabel(tr("idle"));
    layout->addWidget(bar_);
    layout->addWidget(eta_);
}

void RunPanel::apply(const DashboardConfig& c) {
    if (!c.strategies.isEmpty())
        for (auto it = boxes_.begin(); it != boxes_.end(); ++it)
            it.value()->setChecked(c.strategies.contains(it.key()));
    repeat_->setValue(c.repeat);
    independent_->setChecked(c.independentMeasurements);
}

void RunPanel::fill(DashboardConfig& c) const {
    c.strategies.clear();
    for (const auto& s : availableStrategies())  // menu order, not hash order
        if (boxes_.value(s.id) && boxes_.value(s.id)->isChecked()) c.strategies << s.id;
    c.repeat = repeat_->value();
    c.independentMeasurements = independent_->isChecked();
}

void RunPanel::setProgress(qint64 done, qint64 total, double elapsedMs, double etaMs) {
    bar_->setRange(0, int(std::max<qint64>(1, total)));
    bar_->setValue(int(done));
    eta_->setText(tr("%1 of %2 results, elapsed %3, about %4 left")
                      .arg(done)
                      .arg(total)
                      .arg(formatDuration(elapsedMs), formatDuration(etaMs)));
}

void RunPanel::setIdle(const QString& text) { eta_->setText(text); }

QString RunPanel::progressText() const { return eta_->text(); }

}  // namespace pieslicer::ui
