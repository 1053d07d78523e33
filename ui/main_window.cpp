#include "main_window.h"

#include <QAction>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QtConcurrent>

#include "charts/chart_panel.h"
#include "export_bundle.h"
#include "fixed_size_label.h"
#include "model/cost_profile.h"
#include "panels/device_panel.h"
#include "panels/endpoint_panel.h"
#include "panels/image_detail_pane.h"
#include "panels/network_panel.h"
#include "panels/run_panel.h"
#include "run/measured_under.h"
#include "run/measurement.h"
#include "run/record_conditions.h"
#include "run/record_store.h"
#include "run/run_session.h"
#include "run/strategy_catalog.h"
#include "run/thumbnail_cache.h"
#include "sample_folder.h"
#include "server/endpoint_server.h"
#include "tabs/compare_tab.h"
#include "tabs/images_tab.h"
#include "tabs/live_tab.h"
#include "tabs/models_tab.h"
#include "tabs/results_tab.h"
#include "tabs/sweep_tab.h"
#include "window/about_dialog.h"
#include "window/dropped_item.h"
#include "window/embedded_endpoint.h"
#include "window/file_dialogs.h"
#include "window/record_jobs.h"
#include "window/record_writes.h"
#include "window/settings_dock.h"
#include "window/unattended_run.h"
#include "window/window_settings.h"

namespace pieslicer::ui {

MainWindow::MainWindow(const DashboardOptions& options, QWidget* parent)
    : QMainWindow(parent),
      options_(options),
      recent_([this](const QString& dir) { openFolder(dir); }) {
    setWindowTitle(tr("PieSlicer Dashboard"));
    setWindowIcon(QIcon(":/pieslicer/icons/app.svg"));
    setAcceptDrops(true);
    resize(1500, 920);  // restoreGeometry() overrides this for returning users
    store_ = new RecordStore(this);
    conditions_ = new RecordConditions(store_, this);
    thumbnails_ = new ThumbnailCache(this);
    session_ = new RunSession(this);
    unattended_ = new UnattendedRun(this, options_);
    jobs_ = new RecordJobs(this);
    writes_ = new RecordWrites(this);
    connect(&modelSamples_, &QFutureWatcher<std::vector<RequestRecord>>::finished, this, [this] {
        modelSamplesPending_ = false;
        models_->setSamples(modelSamples_.result());
        emit modelSamplesTaken();
    });
    connect(writes_, &RecordWrites::finished, this, [this] {
        if (closeAfterWrite_) close();
    });
    connect(unattended_, &UnattendedRun::done, this, &MainWindow::unattendedDone);
    actions_ = createMainActions(this);
    connectActions();
    buildTabs();
    setCentralWidget(tabs_);
    const SettingsPanels panels = addSettingsDock(this, actions_);
    endpoint_ = panels.endpoint;
    network_ = panels.network;
    device_ = panels.device;
    run_ = panels.run;
    recent_.setMenu(addMenusAndToolBar(this, actions_));
    countLabel_ = new QLabel;
    fixLabelSize(countLabel_, tr("%1 records").arg(99999999));
    linkLabel_ = new QLabel;
    linkWarning_ = new QLabel;
    linkWarning_->setStyleSheet("QLabel { color: #b00020; font-weight: bold; }");
    linkWarning_->hide();
    measuredUnder_ = new QLabel;
    measuredUnder_->setObjectName("measuredUnder");
    measuredUnder_->setStyleSheet("QLabel { color: #8a5300; }");
    measuredUnder_->setMinimumWidth(120);
    measuredUnder_->hide();
    statusBar()->addPermanentWidget(measuredUnder_);
    // Long texts (a trace's name, the warning) must not make the window wider than the
    // screen: these labels may be squeezed; their tooltips hold the whole text.
    for (QLabel* l : {linkWarning_, linkLabel_}) l->setMinimumWidth(120);
    statusBar()->addPermanentWidget(linkWarning_);
    statusBar()->addPermanentWidget(linkLabel_);
    statusBar()->addPermanentWidget(countLabel_);
    connectComponents();

    embedded_ = startEmbeddedEndpoint(&embeddedError_);
    endpoint_->setEmbeddedUrl(embeddedUrl(), embeddedError_);
    settingsEnabled_ = !options_.noSettings;
    loadSettings(settingsEnabled_);
    updateActions();

    if (!options_.openExperiment.isEmpty()) {
        QString err;
        if (!jobs_->openExperiment(options_.openExperiment, &err)) status(err, 0);
    }
    if (!options_.tab.isEmpty()) showTab(options_.tab);
    unattended_->begin();
}

MainWindow::~MainWindow() {
    delete session_;  // stops a run in flight before the embedded endpoint goes
    session_ = nullptr;
    if (embedded_) embedded_->stop();
}

void MainWindow::connectActions() {
    connect(actions_.openFolder, &QAction::triggered, this, [this] { chooseImagesFolder(this); });
    connect(actions_.openExperiment, &QAction::triggered, this,
            [this] { openExperimentWithDialog(this); });
    connect(actions_.saveExperiment, &QAction::triggered, this,
            [this] { saveExperimentWithDialog(this); });
    connect(actions_.exportCsv, &QAction::triggered, this, [this] { exportCsvWithDialog(this); });
    connect(actions_.exportAll, &QAction::triggered, this, [this] { chooseExportFolder(this); });
    connect(actions_.exportSqlite, &QAction::triggered, this,
            [this] { exportSqliteWithDialog(this); });
    connect(actions_.openRecords, &QAction::triggered, this,
            [this] { openRecordsWithDialog(this); });
    connect(actions_.replay, &QAction::triggered, this, [this] {
        QString err;
        if (!jobs_->replay(&err)) QMessageBox::warning(this, tr("Cannot replay"), err);
    });
    connect(actions_.run, &QAction::triggered, this, [this] {
        QString err;
        if (!startRun(&err)) QMessageBox::warning(this, tr("Cannot run"), err);
    });
    connect(actions_.pause, &QAction::toggled, this, &MainWindow::setPaused);
    connect(actions_.stop, &QAction::triggered, this, &MainWindow::stopRun);
    connect(actions_.quit, &QAction::triggered, this, &QWidget::close);
    connect(actions_.about, &QAction::triggered, this, [this] { showAboutDialog(this); });
}

void MainWindow::buildTabs() {
    tabs_ = new QTabWidget;
    images_ = new ImagesTab(actions_.openFolder, nullptr, thumbnails_);
    images_->setRecordStore(store_);
    live_ = new LiveTab(store_);
    compare_ = new CompareTab(store_);
    compare_->setScoringOptions(options_.scoring);
    models_ = new ModelsTab;
    results_ = new ResultsTab(store_, nullptr, thumbnails_);
    sweep_ = new SweepTab([this] { return currentConfig(); });
    sweep_->setScoringOptions(options_.scoring);
    // showTab() and --tab go by these titles.
    tabs_->addTab(images_, tr("&Images"));
    tabs_->addTab(live_, tr("&Live"));
    tabs_->addTab(compare_, tr("&Compare"));
    tabs_->addTab(models_, tr("&Models"));
    tabs_->addTab(results_, tr("&Results"));
    tabs_->addTab(sweep_, tr("S&weep"));
    tabs_->setTabToolTip(0, tr("The image folder and its file size / pixel count distributions"));
    tabs_->setTabToolTip(1, tr("Requests as they are measured"));
    tabs_->setTabToolTip(2, tr("Strategies side by side"));
    tabs_->setTabToolTip(3, tr("The cost model: calibration and fitted lines"));
    tabs_->setTabToolTip(4, tr("Every record"));
    // Visible on every tab: what is shown was not measured.
    replayBanner_ = new QLabel;
    replayBanner_->setObjectName("replayBanner");
    replayBanner_->setStyleSheet(
        "QLabel { color: white; background: #b35900; font-weight: bold; padding: 2px 8px; }");
    replayBanner_->setMaximumWidth(700);
    replayBanner_->hide();
    tabs_->setCornerWidget(replayBanner_, Qt::TopRightCorner);
    tabs_->setTabToolTip(5, tr("One experiment over a grid of uplinks, RTTs, devices and TCP "
                               "models: heatmaps and break-even curves"));
}

void MainWindow::connectComponents() {
    connect(store_, &RecordStore::appended, this, [this] {
        if (options_.changeUplinkAfter >= 0 && int(store_->size()) >= options_.changeUplinkAfter &&
            session_->isRunning()) {
            options_.changeUplinkAfter = -1;  // once
            network_->setUplinkMbps(options_.changedUplinkMbps);
        }
    });
    connect(store_, &RecordStore::appended, this,
            [this] { countLabel_->setText(tr("%1 records").arg(store_->size())); });
    connect(store_, &RecordStore::reset, this,
            [this] { countLabel_->setText(tr("%1 records").arg(store_->size())); });
    connect(store_, &RecordStore::reset, this, &MainWindow::updateProvenance);
    connect(store_, &RecordStore::appended, this, [this](int first) {
        if (first == 0) updateProvenance();  // the first record says what they all are
    });
    connect(session_, &RunSession::recordsReady, this,
            [this](const std::vector<RequestRecord>& batch) {
                const std::size_t first = store_->size();
                live_->addRecordTimes(int(first), session_->recordTimesMs(first, batch.size()));
                store_->append(batch);
            });
    // A tab's page is laid out and painted whole when shown: no batch in the same turn.
    connect(tabs_, &QTabWidget::currentChanged, session_, &RunSession::holdFrame);
    connect(live_, &LiveTab::linkWarningChanged, this, [this](const QString& w) {
        linkWarning_->setText(w);
        linkWarning_->setToolTip(w);
        linkWarning_->setVisible(!w.isEmpty());
    });
    connect(conditions_, &RecordConditions::changed, this, &MainWindow::updateMeasuredUnder);
    connect(device_, &DevicePanel::changed, this, &MainWindow::updateMeasuredUnder);
    connect(session_, &RunSession::progress, run_, &RunPanel::setProgress);
    connect(session_, &RunSession::message, this, [this](const QString& m) { status(m); });
    connect(session_, &RunSession::finished, this, &MainWindow::onRunFinished);
    connect(network_, &NetworkPanel::linkChanged, this, [this] {
        const LinkShape link = network_->linkShape();
        session_->setLink(link);  // a running experiment uses it from its next round
        syncModelProfile();       // an emulated phone's profile depends on the Wi-Fi
        linkLabel_->setText(tr("Link: %1").arg(QString::fromStdString(link.describe())));
        linkLabel_->setToolTip(linkLabel_->text());
        updateMeasuredUnder();
    });
    connect(
        images_, &ImagesTab::scanFinished, this,
        [this](int count, int usable, const QString& error) {
            status(
                error.isEmpty()
                    ? tr("%1: %2 images, %3 usable").arg(images_->folder()).arg(count).arg(usable)
                    : error);
        });
    connect(models_, &ModelsTab::statusMessage, this, [this](const QString& m) { status(m); });
    connect(models_, &ModelsTab::profileChanged, device_, &DevicePanel::setProfilePath);
    connect(device_, &DevicePanel::changed, this, &MainWindow::syncModelProfile);
    models_->setCalibrationSource([this] {
        const DashboardConfig c = currentConfig();
        return calibrationFor(toExperimentConfig(c, c.embedded() ? embeddedUrl() : c.endpoint));
    });
}

QString MainWindow::embeddedUrl() const {
    return embedded_ ? QString::fromStdString(embedded_->url()) : QString();
}

void MainWindow::loadSettings(bool useSettings) {
    DashboardConfig c;
    if (useSettings) {
        QStringList recent;
        c = restoreWindowSettings(this, &recent);
        recent_.setFolders(recent);
    }
    if (folderMissing(c.imagesDir)) c.imagesDir = defaultImagesFolder();
    if (c.strategies.isEmpty()) c.strategies = defaultStrategies();
    options_.applyTo(c);
    applyConfig(c);
}

void MainWindow::saveSettings() {
    if (!settingsEnabled_) return;
    saveWindowSettings(this, currentConfig(), recent_.folders());
}

DashboardConfig MainWindow::currentConfig() const {
    DashboardConfig c;
    c.imagesDir = images_->folder();
    endpoint_->fill(c);
    network_->fill(c);
    device_->fill(c);
    run_->fill(c);
    return c;
}

void MainWindow::applyConfig(const DashboardConfig& c) {
    endpoint_->apply(c);
    network_->apply(c);
    device_->apply(c);
    run_->apply(c);
    if (!c.imagesDir.isEmpty() && c.imagesDir != images_->folder()) openFolder(c.imagesDir);
    syncModelProfile();
}

void MainWindow::syncModelProfile() {
    const QString path = effectiveProfilePath(currentConfig());
    if (path == models_->profilePath() && shownProfileSet_) return;
    shownProfileSet_ = true;
    if (path.isEmpty()) {
        models_->setProfile(*paperProfile(), {});
        return;
    }
    QString err;
    if (!models_->loadProfileFile(path, &err)) status(err, 0);
}

void MainWindow::updateMeasuredUnder() {
    const MeasurementSettings now = toExperimentConfig(currentConfig(), {}).measurement;
    const std::string differs = conditionsMismatch(
        conditions_->conditions(), newRecord(ImageJob{}, now, network_->linkShape()));
    // Elided, whole in its tooltip: at full length it squeezed the status bar's messages to
    // a few letters ("Opened /tmp/").
    const QString text = QString::fromStdString(differs);
    measuredUnder_->setText(
        measuredUnder_->fontMetrics().elidedText(text, Qt::ElideRight, kMeasuredUnderWidth));
    measuredUnder_->setToolTip(text);
    measuredUnder_->setVisible(!differs.empty());
}

void MainWindow::openFolder(const QString& dir) {
    if (dir.isEmpty()) return;
    images_->scan(dir);
    results_->detailPane()->setFolder(dir);
    recent_.add(dir);
    setWindowTitle(tr("PieSlicer Dashboard - %1").arg(QDir::toNativeSeparators(dir)));
}

void MainWindow::updateActions() {
    const bool running = session_ && session_->isRunning();
    actions_.setRunning(running);
    models_->setEnabled(!running);
    network_->setRunning(running);
}

bool MainWindow::isRunning() const { return session_->isRunning(); }

LinkShape MainWindow::runLink() const { return session_->link(); }

QString MainWindow::linkWarning() const { return linkWarning_->text(); }

bool MainWindow::startRun(QString* error) {
    const DashboardConfig c = currentConfig();
    auto failWith = [&](const QString& m) {
        if (error) *error = m;
        return false;
    };
    if (jobs_->busy()) return failWith(tr("wait for the export, open or replay to finish"));
    if (c.imagesDir.isEmpty()) return failWith(tr("open a folder of images first"));
    if (!QFileInfo::exists(c.imagesDir)) return failWith(tr("%1 does not exist").arg(c.imagesDir));
    if (c.strategies.isEmpty()) return failWith(tr("select at least one strategy"));
    if (!c.embedded() && !c.endpoint.startsWith("http://") && !c.endpoint.startsWith("https://"))
        return failWith(tr("the endpoint URL must start with http:// or https://"));
    const QString url = c.embedded() ? embeddedUrl() : c.endpoint;
    QString err;
    store_->clear();
    jobs_->setSource(tr("the dashboard's run"));
    const LinkShape link = network_->linkShape();
    session_->setLink(link);
    live_->setUplinkTrace(link.uplinkTrace);  // the run's time 0 is the trace's
    QString autosave;
    if (settingsEnabled_) {  // a user's run: keep a copy on disk as it is measured
        const QString dir =
            QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/runs";
        if (QDir().mkpath(dir))
            autosave = dir + QDateTime::currentDateTime().toString("/'run-'yyyyMMdd-HHmmss'.csv'");
    }
    if (!session_->start(c, url, &err, autosave)) return failWith(err);
    actions_.pause->setChecked(false);
    run_->setIdle(tr("starting ..."));
    status(tr("Running %1 strategies on %2%3")
               .arg(c.strategies.size())
               .arg(c.imagesDir,
                    autosave.isEmpty() ? QString() : tr(", recording to %1").arg(autosave)));
    if (options_.tab.isEmpty()) tabs_->setCurrentWidget(live_);
    updateActions();
    return true;
}

void MainWindow::stopRun() {
    if (!session_->isRunning()) return;
    session_->requestStop();
    status(tr("Stopping after the request in flight ..."));
}

void MainWindow::setPaused(bool paused) {
    session_->setPaused(paused);
    if (session_->isRunning())
        status(paused ? tr("Paused before the next request") : tr("Resumed"));
}

void MainWindow::onRunFinished(bool stopped, const QString& error) {
    updateActions();
    actions_.pause->setChecked(false);
    const QString text = !error.isEmpty() ? tr("Run failed: %1").arg(error)
                         : stopped        ? tr("Stopped: %1 records kept").arg(store_->size())
                                          : tr("Done: %1 records").arg(store_->size());
    run_->setIdle(text);
    status(text, 0);
    compare_->refresh();  // on a worker: a study's records take a second or more to score
    syncModelProfile();   // a run on this machine may have calibrated a profile
    if (store_->size() > 0) {
        takeModelSamples();
        live_->selectRecord(int(store_->size()) - 1);
    }
    emit runFinished(stopped, error);
    if (closeAfterStop_) {
        close();
        return;
    }
    unattended_->onRunFinished(error);
}

QList<ChartPanel*> MainWindow::allCharts() const {
    return images_->charts() + live_->charts() + compare_->charts() + models_->charts();
}

BundleScores MainWindow::currentScores() {
    // The scores shown are usually of every record already (the tab rescores on a worker
    // within a quarter second of the last one); only stale ones are computed here.
    if (!compare_->upToDate()) compare_->updateNow();
    return scoresShown();
}

BundleScores MainWindow::scoresShown() const {
    const DashboardConfig c = currentConfig();
    std::optional<CostProfile> profile;
    if (!c.profilePath.isEmpty())
        if (auto loaded = loadProfile(c.profilePath.toStdString())) profile = loaded.value();
    // The link and device as the first record states them (not every record rebuilt).
    BundleScores out{compare_->scores(), compare_->scoringOptions(),
                     describeRun(store_->records(0, std::min<std::size_t>(1, store_->size())),
                                 profile ? &*profile : nullptr, c.profilePath.toStdString())};
    out.run.repeat = c.repeat;
    out.run.independentMeasurements = c.independentMeasurements;
    return out;
}

bool MainWindow::writeSummaryJsonTo(const QString& path, QString* error) {
    const BundleScores s = currentScores();
    auto written = writeSummaryJson(path.toStdString(), s.scores, s.run, s.options);
    if (!written && error) *error = QString::fromStdString(written.error());
    return bool(written);
}

bool MainWindow::exportAllTo(const QString& dir, QString* error) {
    const BundleScores scores = currentScores();
    const BundleResult r = exportBundle(dir, currentConfig(), store_->view(), allCharts(), &scores);
    if (!r.ok()) {
        if (error) *error = r.errors.join("; ");
        status(tr("Export had errors: %1").arg(r.errors.join("; ")), 0);
        return false;
    }
    status(tr("Wrote %1 files to %2").arg(r.written.size()).arg(dir));
    return true;
}

bool MainWindow::saveExperimentTo(const QString& path, QString* error) {
    auto saved = saveExperiment(path, currentConfig(), store_->view());
    if (!saved) {
        if (error) *error = QString::fromStdString(saved.error());
        return false;
    }
    status(tr("Saved %1 records to %2").arg(store_->size()).arg(path));
    return true;
}

bool MainWindow::openExperimentFrom(const QString& path, QString* error) {
    if (session_->isRunning()) {
        if (error) *error = tr("stop the run before opening an experiment");
        return false;
    }
    auto loaded = loadExperiment(path);
    if (!loaded) {
        if (error) *error = QString::fromStdString(loaded.error());
        return false;
    }
    applyConfig(loaded->config);
    showRecords(std::move(loaded->records));
    compare_->updateNow();  // this one waits for everything (the window opens in batches)
    jobs_->setSource(QFileInfo(path).fileName());
    status(
        tr("Opened %1: %2 records (saved %3)").arg(path).arg(store_->size()).arg(loaded->savedAt),
        0);
    return true;
}

void MainWindow::beginOpenedRecords(const DashboardConfig& config, const QString& source) {
    applyConfig(config);
    live_->setUplinkTrace(nullptr);  // records from a file have no times to place on a trace
    store_->clear();
    jobs_->setSource(source);
    status(tr("Opening %1 ...").arg(source), 0);
}

void MainWindow::recordsOpened(const QString& path, std::size_t records, const QString& error) {
    takeModelSamples();
    compare_->refresh();
    status(error.isEmpty() ? tr("Opened %1: %2 records").arg(path).arg(records)
                           : tr("Open failed after %1 records: %2").arg(store_->size()).arg(error),
           0);
}

void MainWindow::showRecords(std::vector<RequestRecord> records) {
    live_->setUplinkTrace(nullptr);  // records from a file have no times to place on a trace
    store_->setAll(std::move(records));
    takeModelSamples();
    // The Compare tab rescores on a worker (the store's reset()).
}

void MainWindow::takeModelSamples() {
    // A newer spread replaces one still being taken (its result is never delivered).
    modelSamplesPending_ = true;
    modelSamples_.setFuture(
        QtConcurrent::run([view = store_->view()] { return sampleRecords(view, kModelSamples); }));
}

void MainWindow::updateProvenance() {
    jobs_->storeChanged();
    const QString note = store_->size() ? replayedNote(store_->record(0)) : QString();
    replayBanner_->setText(note);
    replayBanner_->setToolTip(note);
    replayBanner_->setVisible(!note.isEmpty());
    for (ChartPanel* chart : allCharts())
        chart->setTitleNote(note.isEmpty() ? QString() : tr("replayed, not measured"));
}

QString MainWindow::replayedBanner() const { return replayBanner_->text(); }

void MainWindow::showTab(const QString& name) {
    for (int i = 0; i < tabs_->count(); ++i)
        if (tabs_->tabText(i).remove('&').toLower() == name) tabs_->setCurrentIndex(i);
}

void MainWindow::status(const QString& text, int ms) { statusBar()->showMessage(text, ms); }

void MainWindow::closeEvent(QCloseEvent* e) {
    if (session_->isRunning()) {
        // The request in flight finishes first; onRunFinished() closes the window again.
        closeAfterStop_ = true;
        session_->requestStop();
        status(tr("Stopping the run before quitting ..."), 0);
        e->ignore();
        return;
    }
    if (writes_->busy()) {
        // Never a half-written file: the window closes once the write is done.
        closeAfterWrite_ = true;
        status(tr("Finishing the write before quitting ..."), 0);
        e->ignore();
        return;
    }
    saveSettings();
    e->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasUrls() && !session_->isRunning()) e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
    const auto item = droppedItem(e->mimeData());
    if (!item) return;
    if (item->isExperiment) {
        QString err;
        if (!openExperimentFrom(item->path, &err)) status(err, 0);
    } else {
        openFolder(item->path);
    }
    e->acceptProposedAction();
}

}  // namespace pieslicer::ui
