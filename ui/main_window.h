#pragma once
// The dashboard's window: settings panels in a dock, the Images / Live / Compare /
// Models / Results tabs, menus and shortcuts, QSettings, drag and drop, and the
// unattended mode (--autorun --export-dir --quit-when-done).
#include <QMainWindow>
#include <memory>

#include "dashboard_config.h"
#include "dashboard_options.h"

class QTabWidget;
class QLabel;
class QMenu;

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
class EndpointPanel;
class NetworkPanel;
class DevicePanel;
class RunPanel;

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
    // CSV, experiment JSON and every chart into `dir`; false (with `error`) if anything failed.
    bool exportAllTo(const QString& dir, QString* error = nullptr);
    bool saveExperimentTo(const QString& path, QString* error = nullptr);
    bool openExperimentFrom(const QString& path, QString* error = nullptr);

    RecordStore* store() const { return store_; }
    QTabWidget* tabs() const { return tabs_; }
    ImagesTab* imagesTab() const { return images_; }
    LiveTab* liveTab() const { return live_; }
    CompareTab* compareTab() const { return compare_; }
    ModelsTab* modelsTab() const { return models_; }
    ResultsTab* resultsTab() const { return results_; }
    NetworkPanel* networkPanel() const { return network_; }
    QList<ChartPanel*> allCharts() const;
    QString embeddedUrl() const;

  signals:
    void runFinished(bool stopped, const QString& error);
    void unattendedDone(int exitCode);

  protected:
    void closeEvent(QCloseEvent* e) override;
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;

  private:
    void buildActions();
    void buildMenus();
    void buildDock();
    void startEmbeddedEndpoint();
    void loadSettings(bool useSettings);
    void saveSettings();
    void addRecent(const QString& dir);
    void updateRecentMenu();
    void updateActions();
    void onRunFinished(bool stopped, const QString& error);
    void finishUnattended(const QString& runError);
    void showAbout();
    void syncModelProfile();
    void showTab(const QString& name);
    void chooseFolder();
    void chooseExportDir();
    void exportCsvDialog();
    void saveExperimentDialog();
    void openExperimentDialog();
    void status(const QString& text, int ms = 8000);

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
    EndpointPanel* endpoint_;
    NetworkPanel* network_;
    DevicePanel* device_;
    RunPanel* run_;
    QLabel* countLabel_;
    QLabel* linkLabel_;
    QMenu* recentMenu_ = nullptr;
    QStringList recent_;
    QAction *openAct_, *openExpAct_, *saveExpAct_, *exportCsvAct_, *exportChartsAct_, *runAct_,
        *pauseAct_, *stopAct_, *quitAct_, *aboutAct_;
    bool closeAfterStop_ = false;
    bool settingsEnabled_ = true;
    bool shownProfileSet_ = false;
};

}  // namespace pieslicer::ui
