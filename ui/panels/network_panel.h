#pragma once
// Uplink rate (log-scale slider 0.1-100 Mbit/s with an exact spin box) or a delivery
// trace, RTT, the TCP model and presets: the LinkShape a run measures through.
#include <QGroupBox>

#include "dashboard_config.h"
#include "domain/link_shape.h"

class QSlider;
class QDoubleSpinBox;
class QComboBox;
class QCheckBox;

namespace pieslicer::ui {

class TraceChooser;

class NetworkPanel : public QGroupBox {
    Q_OBJECT
  public:
    explicit NetworkPanel(QWidget* parent = nullptr);
    void apply(const DashboardConfig& c);
    void fill(DashboardConfig& c) const;
    double uplinkMbps() const;
    double rttMs() const;
    void setUplinkMbps(double mbps);
    TcpModel tcpModel() const;
    void setTcpModel(TcpModel m);
    void setWarmConnection(bool warm);
    // false (and an inline error, the previous link kept) when the file is no trace.
    bool setUplinkTrace(const QString& path, QString* error = nullptr);
    TraceChooser* traceChooser() const { return traces_; }
    // Everything set here as the link a run uses (the trace object is shared, so a run
    // that keeps it keeps the trace's clock).
    LinkShape linkShape() const;
    // A run maps its time onto the trace it started with: the trace is fixed while it runs.
    void setRunning(bool running);

    static int sliderFromMbps(double mbps);  // 0..1000, log scale
    static double mbpsFromSlider(int pos);

  signals:
    // Any part of the link changed; linkShape() has all of it.
    void linkChanged(double uplinkMbps, double rttMs);

  private:
    void onPreset(int index);
    void markCustom();
    void syncEnabled();

    QComboBox* preset_;
    QSlider* slider_;
    QDoubleSpinBox* rate_;
    QDoubleSpinBox* rtt_;
    QComboBox* tcp_;
    QCheckBox* warm_;
    TraceChooser* traces_;
    bool updating_ = false;
};

}  // namespace pieslicer::ui
