#include "panels/device_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

#include "run/presets.h"
#include "run/strategy_catalog.h"

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
    emulation_ = new QComboBox;
    emulation_->addItem(tr("Scaled (this machine x k)"), "scaled");
    emulation_->addItem(tr("Paper model (the phone's f)"), "paper-model");
    emulation_->setToolTip(
        tr("Scaled: on-device stages run here and are stretched k times; predictions come from "
           "a calibration of that emulated device.\nPaper model: stages still run here (the "
           "bytes sent are real) but are charged the paper's fitted f of the phone for the "
           "image, plus a seeded 10% log-normal residual (the paper gives no spread: an "
           "assumption)."));
    modeNote_ = new QLabel;
    modeNote_->setWordWrap(true);
    profileNote_ = new QLabel;
    profileNote_->setWordWrap(true);
    profileNote_->setObjectName("profileNote");
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
    form->addRow(tr("Emulation"), emulation_);
    form->addRow(tr("Slowdown"), slowdown_);
    form->addRow(tr("Profile"), profileRow);
    form->addRow(tr("Model input"), target_);
    form->addRow(tr("JPEG quality"), quality_);
    form->addRow(modeNote_);
    form->addRow(profileNote_);

    connect(mode_, &QComboBox::currentIndexChanged, this, [this] {
        updateEnabled();
        emit changed();
    });
    connect(emulation_, &QComboBox::currentIndexChanged, this, [this] {
        updateEnabled();
        emit changed();
    });
    connect(this, &DevicePanel::changed, this, &DevicePanel::updateNotes);
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
    emulation_->setEnabled(m == "emulated");
    slowdown_->setEnabled(m == "emulated" && emulation_->currentData() == "scaled");
}

void DevicePanel::updateNotes() {
    DashboardConfig c;
    fill(c);
    const EmulatedDevice device = c.device();
    QString mode = tr("Measuring %1.").arg(QString::fromStdString(device.label()));
    if (device.mode == EmulationMode::Scaled)
        mode +=
            tr(" Predictions come from a calibration of this emulated device (run once, "
               "then cached per phone, k, model input and quality).");
    else if (device.mode == EmulationMode::PaperModel)
        mode +=
            tr(" Each image is charged the paper's f for its size; predictions use that f "
               "with this endpoint's calibrated s', g and h.");
    modeNote_->setText(mode);
    const QString path = effectiveProfilePath(c);
    const QString warning = profileMismatchWarning(c);
    if (!warning.isEmpty()) {
        profileNote_->setText(tr("<b>Warning:</b> %1: predictions describe another device.")
                                  .arg(warning.toHtmlEscaped()));
        profileNote_->setStyleSheet("color: #b00020");
    } else {
        profileNote_->setText(path.isEmpty() ? tr("Predictions: calibrated for this device on "
                                                  "the first run.")
                                             : tr("Predictions: %1").arg(path.section('/', -1)));
        profileNote_->setStyleSheet({});
    }
}

void DevicePanel::apply(const DashboardConfig& c) {
    mode_->setCurrentIndex(std::max(0, mode_->findData(c.deviceMode)));
    phone_->setCurrentIndex(std::max(0, phone_->findData(c.emulatedDevice)));
    emulation_->setCurrentIndex(std::max(0, emulation_->findData(c.emulation)));
    slowdown_->setValue(c.slowdown);
    profile_->setText(c.profilePath);
    target_->setCurrentIndex(std::max(0, target_->findData(c.target)));
    quality_->setValue(c.quality);
    updateEnabled();
    updateNotes();
}

void DevicePanel::fill(DashboardConfig& c) const {
    c.deviceMode = mode_->currentData().toString();
    c.emulatedDevice = phone_->currentData().toString();
    c.emulation = emulation_->currentData().toString();
    c.slowdown = c.deviceMode == "emulated" ? slowdown_->value() : 1.0;
    c.profilePath = profile_->text().trimmed();
    c.target = target_->currentData().toInt();
    c.quality = quality_->value();
}

}  // namespace pieslicer::ui
