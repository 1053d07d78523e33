#include "panels/device_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

#include "run/presets.h"

namespace pieslicer::ui {

DevicePanel::DevicePanel(QWidget* parent) : QGroupBox(tr("Device"), parent) {
    mode_ = new QComboBox;
    mode_->addItem(tr("This machine"), "this");
    mode_->addItem(tr("Calibrated profile"), "profile");
    mode_->addItem(tr("Emulated phone"), "emulated");
    mode_->setToolTip(
        tr("Where on-device preprocessing runs: here, as calibrated, or stretched k times"));
    phone_ = new QComboBox;
    for (const auto& p : devicePresets())
        phone_->addItem(QString("%1 (f = %2 s + %3 ms)").arg(p.name).arg(p.aF).arg(p.bF), p.name);
    phone_->setToolTip(tr("The paper's phones; the slowdown below stretches on-device stages"));
    slowdown_ = new QDoubleSpinBox;
    slowdown_->setRange(1, 100);
    slowdown_->setDecimals(1);
    slowdown_->setPrefix("k = ");
    slowdown_->setToolTip(
        tr("On-device stages run here, then are stretched to k times their duration"));
    profile_ = new QLineEdit;
    // On this machine a run without a profile calibrates first and keeps what it fitted.
    profile_->setPlaceholderText(tr("none: calibrated on the first run"));
    profile_->setToolTip(tr("Cost profile JSON used by model-based strategies"));
    browse_ = new QPushButton(tr("..."));
    browse_->setToolTip(tr("Choose a cost profile"));
    target_ = new QComboBox;
    target_->addItem("224 (MobileNet)", 224);
    target_->addItem("299 (Inception v3)", 299);
    target_->addItem("331 (NASNet-Large)", 331);
    target_->setToolTip(tr("Model input side: on-device preprocessing resizes to this"));
    quality_ = new QSpinBox;
    quality_->setRange(1, 100);
    quality_->setToolTip(tr("JPEG quality of the preprocessed image sent by the on-device order"));
    auto* profileRow = new QHBoxLayout;
    profileRow->addWidget(profile_, 1);
    profileRow->addWidget(browse_);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Device"), mode_);
    form->addRow(tr("Phone"), phone_);
    form->addRow(tr("Slowdown"), slowdown_);
    form->addRow(tr("Profile"), profileRow);
    form->addRow(tr("Model input"), target_);
    form->addRow(tr("JPEG quality"), quality_);

    connect(mode_, &QComboBox::currentIndexChanged, this, [this] {
        updateEnabled();
        emit changed();
    });
    connect(phone_, &QComboBox::activated, this, [this] {
        if (const auto* p = findDevicePreset(phone_->currentData().toString()))
            slowdown_->setValue(p->slowdown);
        emit changed();
    });
    connect(browse_, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Cost profile"), profile_->text(),
                                                       tr("Cost profiles (*.json)"));
        if (!f.isEmpty()) setProfilePath(f);
    });
    apply(DashboardConfig{});
}

void DevicePanel::setProfilePath(const QString& path) {
    profile_->setText(path);
    emit changed();
}

void DevicePanel::updateEnabled() {
    const QString m = mode_->currentData().toString();
    phone_->setEnabled(m == "emulated");
    slowdown_->setEnabled(m == "emulated");
}

void DevicePanel::apply(const DashboardConfig& c) {
    mode_->setCurrentIndex(std::max(0, mode_->findData(c.deviceMode)));
    phone_->setCurrentIndex(std::max(0, phone_->findData(c.emulatedDevice)));
    slowdown_->setValue(c.slowdown);
    profile_->setText(c.profilePath);
    target_->setCurrentIndex(std::max(0, target_->findData(c.target)));
    quality_->setValue(c.quality);
    updateEnabled();
}

void DevicePanel::fill(DashboardConfig& c) const {
    c.deviceMode = mode_->currentData().toString();
    c.emulatedDevice = phone_->currentData().toString();
    c.slowdown = c.deviceMode == "emulated" ? slowdown_->value() : 1.0;
    c.profilePath = profile_->text().trimmed();
    c.target = target_->currentData().toInt();
    c.quality = quality_->value();
}

}  // namespace pieslicer::ui
