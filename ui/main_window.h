#pragma once
// The dashboard's window: owns the records, the run session and the embedded endpoint,
// and coordinates the Images / Live / Compare / Models / Results tabs, the settings
// dock and the pieces under window/ (actions and menus, recent folders, QSettings,
// file dialogs, drag and drop, the unattended mode).
#include <QFutureWatcher>
#include <QMainWindow>
#include <memory>
#include <vector>

#include "dashboard_config.h"
#include "dashboard_options.h"
#include "domain/link_shape.h"
#include "domain/request_record.h"
#include "export_bundle.h"
#include "window/main_actions.h"
#include "window/recent_folders.h"

class QTabWidget;
class QLabel;

namespace pieslicer {
class EndpointServer;
}

namespace pieslicer::ui {

class RecordStore;
class RunSession;
class ChartPanel;
class ImagesTab;
class LiveTab;
class CompareTab;
class ModelsTab;
class ResultsTab;
class SweepTab;
class EndpointPanel;
class NetworkPanel;
class DevicePanel;
class RunPanel;
class UnattendedRun;
class RecordConditions;
class ThumbnailCache;
class RecordJobs;
class RecordWrites;

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(const DashboardOptions& options = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    DashboardConfig currentConfig() const;
    void applyConfig(const DashboardConfig& c);

    void openFolder(const QString& dir);
    bool startRun(QString* error = nullptr);
    void stopRun();
    void setPaused(bool paused);
    bool isRunning() const;
    // The link the next round of a run uses (what its records will say).
    LinkShape runLink() const;
    // The status bar's self-check warning; empty while the link model holds.
    QString linkWarning() const;
    // CSV, experiment JSON, the comparison (CSV and summary JSON) and every chart into `dir`;
    // false (with `error`) if anything failed.
    bool exportAllTo(const QString& dir, QString* error = nullptr);
    // The Compare tab's scores of every record as the summary JSON (--summary-json).
    bool writeSummaryJsonTo(const QString& path, QString* error = nullptr);
    bool saveExperimentTo(const QString& path, QString* error = nullptr);
    // Opens and scores on the GUI thread before returning (tests, scripts); the window's
    // own open reads in batches on a worker (RecordJobs::openExperiment).
    bool openExperimentFrom(const QString& path, QString* error = nullptr);
    // Replaces the records shown (an opened file, a replay) and redraws every tab from them.
    void showRecords(std::vector<RequestRecord> records);
    // An experiment opened in batches (RecordJobs::openExperiment): its settings and an
    // empty store first, the batches appended, then the end (`error` empty on success).
    void beginOpenedRecords(const DashboardConfig& config, const QString& source);
    void recordsOpened(const QString& path, std::size_t records, const QString& error);
    // The Models tab plots each sample as a point: a spread of this many records is enough.
    static constexpr std::size_t kModelSamples = 5000;
    // Whether the Models tab's spread is being taken on a worker (modelSamplesTaken() next).
    // True until the newest spread is delivered: the watcher's finished() is queued, so a
    // future that has just finished is not yet in the Models tab.
    bool takingModelSamples() const { return modelSamplesPending_; }
    // Export SQLite, Open records and Replay, each on a worker.
    RecordJobs* recordJobs() const { return jobs_; }
    // Save, Export CSV and Export all from the File menu, each on a worker.
    RecordWrites* recordWrites() const { return writes_; }
    // The Compare tab's scores as shown (maybe not of every record yet: compareTab()->
    // upToDate()), the options they are to be computed with and the run they describe.
    BundleScores scoresShown() const;
    // "replayed, not measured: ..." over every tab while replayed records are shown.
    QString replayedBanner() const;

    RecordStore* store() const { return store_; }
    QTabWidget* tabs() const { return tabs_; }
    ImagesTab* imagesTab() const { return images_; }
    LiveTab* liveTab() const { return live_; }
    CompareTab* compareTab() const { return compare_; }
    ModelsTab* modelsTab() const { return models_; }
    ResultsTab* resultsTab() const { return results_; }
    SweepTab* sweepTab() const { return sweep_; }
    NetworkPanel* networkPanel() const { return network_; }
    QList<ChartPanel*> allCharts() const;
    QString embeddedUrl() const;
    // `name` as --tab takes it: the tab's title in lower case without its mnemonic.
    void showTab(const QString& name);
    // A `ms` of 0 keeps the message until the next one.
    void status(const QString& text, int ms = 8000);

  signals:
    void runFinished(bool stopped, const QString& error);
    // The Models tab shows a new spread of the records.
    void modelSamplesTaken();
    void unattendedDone(int exitCode);

  protected:
    void closeEvent(QCloseEvent* e) override;
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;

  private:
    void connectActions();
    void buildTabs();
    void connectComponents();
    void loadSettings(bool useSettings);
    void saveSettings();
    void updateActions();
    void onRunFinished(bool stopped, const QString& error);
    void syncModelProfile();
    // The status bar's note when the records were measured under other conditions.
    void updateMeasuredUnder();
    // The banner and every chart's title note follow what the records shown are.
    void updateProvenance();
    // The Models tab's spread of the store, rebuilt from the columns on a worker (5,000
    // records of a million-row store were 20 ms of the GUI thread at the end of an open).
    void takeModelSamples();
    // The scores of every record now, and the run they describe (for exports).
    BundleScores currentScores();

    DashboardOptions options_;
    RecordStore* store_;
    RunSession* session_;
    std::unique_ptr<EndpointServer> embedded_;
    QString embeddedError_;
    QTabWidget* tabs_;
    ImagesTab* images_;
    LiveTab* live_;
    CompareTab* compare_;
    ModelsTab* models_;
    ResultsTab* results_;
    SweepTab* sweep_;
    EndpointPanel* endpoint_;
    NetworkPanel* network_;
    DevicePanel* device_;
    RunPanel* run_;
    QLabel* countLabel_;
    QLabel* linkLabel_;
    QLabel* linkWarning_;
    QLabel* measuredUnder_;
    static constexpr int kMeasuredUnderWidth = 480;  // px of the status bar it may take
    RecordConditions* conditions_;
    ThumbnailCache* thumbnails_;
    MainActions actions_;
    RecentFolders recent_;
    UnattendedRun* unattended_;
    RecordJobs* jobs_;
    RecordWrites* writes_;
    QFutureWatcher<std::vector<RequestRecord>> modelSamples_;
    bool modelSamplesPending_ = false;
    QLabel* replayBanner_;
    bool closeAfterStop_ = false;
    bool closeAfterWrite_ = false;
    bool settingsEnabled_ = true;
    bool shownProfileSet_ = false;
};

}  // namespace pieslicer::ui
