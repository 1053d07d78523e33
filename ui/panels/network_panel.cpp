#include "panels/network_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QSlider>
#include <cmath>

#include "run/presets.h"

namespace pieslicer::ui {

int NetworkPanel::sliderFromMbps(double mbps) {
    return int(std::lround((std::log10(std::clamp(mbps, 0.1, 100.0)) + 1.0) / 3.0 * 1000.0));
}

double NetworkPanel::mbpsFromSlider(int pos) { return std::pow(10.0, pos / 1000.0 * 3.0 - 1.0); }

NetworkPanel::NetworkPanel(QWidget* parent) : QGroupBox(tr("Network"), parent) {
    preset_ = new QComboBox;
    for (const auto& p : networkPresets()) {
        preset_->addItem(p.label, p.id);
        preset_->setItemData(preset_->count() - 1, p.note, Qt::ToolTipRole);
    }
    preset_->addItem(tr("Custom"), QStringLiteral("custom"));
    preset_->setToolTip(tr("The paper's Wi-Fi networks and Chrome DevTools throttling presets"));
    slider_ = new QSlider(Qt::Horizontal);
    slider_->setRange(0, 1000);
    slider_->setToolTip(
        tr("Uplink rate, log scale from 0.1 to 100 Mbit/s. Changes apply from the next request."));
    rate_ = new QDoubleSpinBox;
    rate_->setRange(0.1, 100.0);
    rate_->setDecimals(3);
    rate_->setSuffix(tr(" Mbit/s"));
    rate_->setToolTip(tr("Exact emulated uplink rate"));
    rtt_ = new QDoubleSpinBox;
    rtt_->setRange(0, 5000);
    rtt_->setDecimals(1);
    rtt_->setSuffix(tr(" ms"));
    rtt_->setToolTip(tr("Emulated round-trip time, split between both directions"));
    auto* rateRow = new QHBoxLayout;
    rateRow->addWidget(slider_, 1);
    rateRow->addWidget(rate_);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Preset"), preset_);
    form->addRow(tr("Uplink"), rateRow);
    form->addRow(tr("RTT"), rtt_);

    connect(preset_, &QComboBox::activated, this, &NetworkPanel::onPreset);
    connect(slider_, &QSlider::valueChanged, this, [this](int pos) {
        if (updating_) return;
        updating_ = true;
        rate_->setValue(mbpsFromSlider(pos));
        updating_ = false;
        markCustom();
        emit linkChanged(uplinkMbps(), rttMs());
    });
    connect(rate_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        if (updating_) return;
        updating_ = true;
        slider_->setValue(sliderFromMbps(v));
        updating_ = false;
        markCustom();
        emit linkChanged(uplinkMbps(), rttMs());
    });
    connect(rtt_, &QDoubleSpinBox::valueChanged, this, [this] {
        if (updating_) return;
        markCustom();
        emit linkChanged(uplinkMbps(), rttMs());
    });
}

void NetworkPanel::markCustom() {
    const auto* p = findNetworkPreset(preset_->currentData().toString());
    if (p && (std::abs(p->uplinkMbps - rate_->value()) > 1e-3 ||
              std::abs(p->rttMs - rtt_->value()) > 1e-3))
        preset_->setCurrentIndex(preset_->findData("custom"));
}

void NetworkPanel::onPreset(int index) {
    const auto* p = findNetworkPreset(preset_->itemData(index).toString());
    if (!p) return;
    updating_ = true;
    rate_->setValue(p->uplinkMbps);
    slider_->setValue(sliderFromMbps(p->uplinkMbps));
    rtt_->setValue(p->rttMs);
    updating_ = false;
    emit linkChanged(uplinkMbps(), rttMs());
}

void NetworkPanel::setUplinkMbps(double mbps) { rate_->setValue(mbps); }

void NetworkPanel::apply(const DashboardConfig& c) {
    updating_ = true;
    rate_->setValue(c.uplinkMbps);
    slider_->setValue(sliderFromMbps(c.uplinkMbps));
    rtt_->setValue(c.rttMs);
    const int i = preset_->findData(c.networkPreset);
    preset_->setCurrentIndex(i >= 0 ? i : preset_->findData("custom"));
    updating_ = false;
    markCustom();
    emit linkChanged(uplinkMbps(), rttMs());
}

void NetworkPanel::fill(DashboardConfig& c) const {
    c.uplinkMbps = uplinkMbps();
    c.rttMs = rttMs();
    c.networkPreset = preset_->currentData().toString();
}

double NetworkPanel::uplinkMbps() const { return rate_->value(); }
double NetworkPanel::rttMs() const { return rtt_->value(); }

}  // namespace pieslicer::ui
