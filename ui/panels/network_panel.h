#pragma once
// Uplink rate (log-scale slider 0.1-100 Mbit/s with an exact spin box), RTT and presets.
#include <QGroupBox>

#include "dashboard_config.h"

class QSlider;
class QDoubleSpinBox;
class QComboBox;

namespace pieslicer::ui {

class NetworkPanel : public QGroupBox {
    Q_OBJECT
  public:
    explicit NetworkPanel(QWidget* parent = nullptr);
    void apply(const DashboardConfig& c);
    void fill(DashboardConfig& c) const;
    double uplinkMbps() const;
    double rttMs() const;
    void setUplinkMbps(double mbps);

    static int sliderFromMbps(double mbps);  // 0..1000, log scale
    static double mbpsFromSlider(int pos);

  signals:
    void linkChanged(double uplinkMbps, double rttMs);

  private:
    void onPreset(int index);
    void markCustom();

    QComboBox* preset_;
    QSlider* slider_;
    QDoubleSpinBox* rate_;
    QDoubleSpinBox* rtt_;
    bool updating_ = false;
};

}  // namespace pieslicer::ui
