#include "panels/network_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QSlider>
#include <cmath>

#include "net/delivery_trace.h"
#include "panels/trace_chooser.h"
#include "run/presets.h"
#include "util/units.h"

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
    tcp_ = new QComboBox;
    tcp_->addItem(tr("Ideal pipe"), int(TcpModel::Ideal));
    tcp_->addItem(tr("Linux TCP"), int(TcpModel::Linux));
    tcp_->setToolTip(
        tr("How the phone's bytes enter the link.\n"
           "Ideal pipe: every byte written enters the bottleneck at once.\n"
           "Linux TCP: Linux's defaults on a loss-free path: the handshake's round trip, an "
           "initial window of 10 segments, slow start, and restart from that window after an "
           "idle retransmission timeout. Not modelled: loss and recovery, CUBIC's growth after "
           "slow start, delayed ACKs.\n"
           "The paper's presets use Linux TCP; custom links start as an ideal pipe."));
    warm_ = new QCheckBox(tr("Warm connection"));
    warm_->setToolTip(
        tr("Back-to-back uploads keep the window they grew (restarted only after a real idle "
           "timeout). Off: each photo starts from the initial window, as a phone's uploads "
           "seconds apart do. Linux TCP only."));
    traces_ = new TraceChooser;
    auto* rateRow = new QHBoxLayout;
    rateRow->addWidget(slider_, 1);
    rateRow->addWidget(rate_);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Preset"), preset_);
    form->addRow(tr("Uplink"), rateRow);
    form->addRow(tr("Trace"), traces_);
    form->addRow(tr("RTT"), rtt_);
    form->addRow(tr("TCP"), tcp_);
    form->addRow(QString(), warm_);

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
    auto changedOther = [this] {
        syncEnabled();
        if (!updating_) emit linkChanged(uplinkMbps(), rttMs());
    };
    connect(tcp_, &QComboBox::currentIndexChanged, this, changedOther);
    connect(warm_, &QCheckBox::toggled, this, changedOther);
    connect(traces_, &TraceChooser::changed, this, changedOther);
    syncEnabled();
}

void NetworkPanel::syncEnabled() {
    warm_->setEnabled(tcpModel() == TcpModel::Linux);
    const auto trace = traces_->trace();
    slider_->setEnabled(!trace);
    rate_->setEnabled(!trace);
    const QString byTrace =
        trace ? tr("Not used: the trace %1 sets the uplink rate (mean %2)")
                    .arg(QString::fromStdString(trace->name()),
                         tr("%1 Mbit/s").arg(trace->meanBitsPerSecond() / 1e6, 0, 'g', 3))
              : QString();
    rate_->setToolTip(trace ? byTrace : tr("Exact emulated uplink rate"));
    slider_->setToolTip(trace ? byTrace
                              : tr("Uplink rate, log scale from 0.1 to 100 Mbit/s. Changes "
                                   "apply from the next request."));
}

TcpModel NetworkPanel::tcpModel() const { return TcpModel(tcp_->currentData().toInt()); }

void NetworkPanel::setTcpModel(TcpModel m) { tcp_->setCurrentIndex(tcp_->findData(int(m))); }

void NetworkPanel::setWarmConnection(bool warm) { warm_->setChecked(warm); }

bool NetworkPanel::setUplinkTrace(const QString& path, QString* error) {
    return traces_->setPath(path, error);
}

LinkShape NetworkPanel::linkShape() const {
    LinkShape link;
    link.uplinkBitsPerSecond = bitsPerSecondFromMbps(uplinkMbps());
    link.rttMs = rttMs();
    link.tcp = tcpModel();
    link.warmConnection = link.tcp == TcpModel::Linux && warm_->isChecked();
    link.uplinkTrace = traces_->trace();
    return link;
}

void NetworkPanel::setRunning(bool running) {
    traces_->setEnabled(!running);
    traces_->setToolTip(running ? tr("The trace is fixed while a run uses it: the Live tab maps "
                                     "the run's time onto it")
                                : QString());
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
    setTcpModel(p->tcp);
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
    setTcpModel(c.tcp);
    warm_->setChecked(c.warmConnection);
    if (c.uplinkTrace != traces_->path())
        traces_->setPath(c.uplinkTrace);  // a missing file says so inline and keeps the rate
    updating_ = false;
    markCustom();
    emit linkChanged(uplinkMbps(), rttMs());
}

void NetworkPanel::fill(DashboardConfig& c) const {
    c.uplinkMbps = uplinkMbps();
    c.rttMs = rttMs();
    c.networkPreset = preset_->currentData().toString();
    c.tcp = tcpModel();
    c.warmConnection = c.tcp == TcpModel::Linux && warm_->isChecked();
    c.uplinkTrace = traces_->path();
}

double NetworkPanel::uplinkMbps() const { return rate_->value(); }
double NetworkPanel::rttMs() const { return rtt_->value(); }

}  // namespace pieslicer::ui
