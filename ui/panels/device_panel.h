#pragma once
// The device: this machine, a calibrated profile, or an emulated phone (slowdown k);
// model input side and on-device JPEG quality.
#include <QGroupBox>

#include "dashboard_config.h"

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;
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

    QComboBox* mode_;
    QComboBox* phone_;
    QDoubleSpinBox* slowdown_;
    QLineEdit* profile_;
    QPushButton* browse_;
    QComboBox* target_;
    QSpinBox* quality_;
};

}  // namespace pieslicer::ui
