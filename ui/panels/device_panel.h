#pragma once
// The device: this machine, a calibrated profile, or an emulated phone (scaled by k, or
// charged the paper's model); model input side and on-device JPEG quality. Says which
// device the predictions describe, and warns when that is not the device measured.
#include <QGroupBox>

#include "dashboard_config.h"

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace pieslicer::ui {

class DevicePanel : public QGroupBox {
    Q_OBJECT
  public:
    explicit DevicePanel(QWidget* parent = nullptr);
    void apply(const DashboardConfig& c);
    void fill(DashboardConfig& c) const;
    void setProfilePath(const QString& path);

  signals:
    void changed();

  private:
    void updateEnabled();
    // The explanation of the emulation mode and the profile check, from the current values.
    void updateNotes();

    QComboBox* mode_;
    QComboBox* phone_;
    QComboBox* emulation_;
    QLabel* modeNote_;
    QLabel* profileNote_;
    QDoubleSpinBox* slowdown_;
    QLineEdit* profile_;
    QPushButton* browse_;
    QComboBox* target_;
    QSpinBox* quality_;
};

}  // namespace pieslicer::ui
