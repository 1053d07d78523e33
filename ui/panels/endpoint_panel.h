#pragma once
// Embedded endpoint (default) or a remote URL; /ping RTT and clock offset; health; the
// route (fixed model or MODI's pick for the SLA) and the SLA sent.
#include <QFutureWatcher>
#include <QGroupBox>
#include <QTimer>

#include "dashboard_config.h"

class QRadioButton;
class QLineEdit;
class QLabel;
class QPushButton;
class QComboBox;
class QDoubleSpinBox;

namespace pieslicer::ui {

struct PingOutcome {
    bool ok = false;
    double rttMs = 0;
    double offsetMs = 0;
    QString error;
};

class EndpointPanel : public QGroupBox {
    Q_OBJECT
  public:
    explicit EndpointPanel(QWidget* parent = nullptr);
    void apply(const DashboardConfig& c);
    void fill(DashboardConfig& c) const;
    // The embedded endpoint's URL (empty if it failed to start) and its start error.
    void setEmbeddedUrl(const QString& url, const QString& error = {});
    // The URL a run should use; empty when the runner must start its own.
    QString effectiveUrl() const;
    QString healthText() const;
    bool healthy() const { return healthy_; }

  public slots:
    void checkNow();

  signals:
    void checked(bool ok);

  private:
    void showHealth(const PingOutcome& p);

    QRadioButton* embedded_;
    QRadioButton* remote_;
    QLineEdit* url_;
    QPushButton* check_;
    QLabel* health_;
    QComboBox* route_;
    QDoubleSpinBox* sla_;
    QString embeddedUrl_, embeddedError_;
    QFutureWatcher<PingOutcome> ping_;
    QTimer periodic_;
    bool healthy_ = false;
};

}  // namespace pieslicer::ui
