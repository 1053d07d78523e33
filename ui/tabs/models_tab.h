#pragma once
// The cost model: calibration samples of f (on-device preprocessing), g (transfer)
// and h (in-cloud preprocessing) with the current profile's fitted lines, their
// coefficients, R^2 and MAPE; Calibrate, Load profile, Save profile.
#include <QFutureWatcher>
#include <QWidget>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "domain/request_record.h"
#include "model/cost_profile.h"
#include "run/calibration.h"

class QTableWidget;
class QPlainTextEdit;
class QPushButton;
class QLabel;

namespace pieslicer::ui {

class ChartPanel;
class XYScatterWidget;

struct CalibrationOutcome {
    bool ok = false;
    QString error;
    CostProfile profile;
    QString report;
    std::vector<RequestRecord> samples;
};

class ModelsTab : public QWidget {
    Q_OBJECT
  public:
    explicit ModelsTab(QWidget* parent = nullptr);
    ~ModelsTab() override;
    QList<ChartPanel*> charts() const;

    // Supplies the folder, endpoint, link and device for Calibrate.
    void setCalibrationSource(std::function<CalibrationConfig()> source) {
        source_ = std::move(source);
    }
    void setProfile(const CostProfile& profile, const QString& path);
    // Shows the profile in `path` (no profileChanged: that is for the user's choices).
    bool loadProfileFile(const QString& path, QString* error);
    QString profilePath() const { return path_; }
    bool saveProfileFile(const QString& path, QString* error);
    // Samples to draw when there is no calibration of our own: a run's records.
    void setSamples(std::vector<RequestRecord> records);
    std::size_t sampleCount() const { return samples_.size(); }
    const CostProfile& profile() const { return profile_; }
    // Until the result has been applied (the future finishes a little earlier).
    bool isCalibrating() const { return calibrating_; }

  public slots:
    void calibrate();
    void cancelCalibration();

  signals:
    // A profile was loaded, saved or calibrated; `path` is where it lives on disk.
    void profileChanged(const QString& path);
    void statusMessage(const QString& text);

  private:
    void refresh();

    CostProfile profile_;
    QString path_;
    std::vector<RequestRecord> samples_;
    std::function<CalibrationConfig()> source_;
    std::shared_ptr<std::atomic<bool>> cancel_;
    QFutureWatcher<CalibrationOutcome> watcher_;
    bool calibrating_ = false;
    XYScatterWidget* f_;
    XYScatterWidget* g_;
    XYScatterWidget* h_;
    XYScatterWidget* s_;
    QTableWidget* table_;
    QPlainTextEdit* report_;
    QPushButton* calibrate_;
    QLabel* title_;
};

}  // namespace pieslicer::ui
