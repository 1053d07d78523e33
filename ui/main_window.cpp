#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScrollArea>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include "charts/chart_panel.h"
#include "export_bundle.h"
#include "panels/device_panel.h"
#include "panels/endpoint_panel.h"
#include "panels/network_panel.h"
#include "panels/run_panel.h"
#include "run/record_store.h"
#include "run/run_session.h"
#include "run/strategy_catalog.h"
#include "sample_folder.h"
#include "server/endpoint_server.h"
#include "tabs/compare_tab.h"
#include "tabs/images_tab.h"
#include "tabs/live_tab.h"
#include "tabs/models_tab.h"
#include "tabs/results_tab.h"
#include "util/units.h"

namespace pieslicer::ui {

MainWindow::MainWindow(const DashboardOptions& options, QWidget* parent)
    : QMainWindow(parent), options_(options) {
    setWindowTitle(tr("PieSlicer Dashboard"));
    setWindowIcon(QIcon(":/pieslicer/icons/app.svg"));
    setAcceptDrops(true);
    resize(1500, 920);  // restoreGeometry() overrides this for returning users
    store_ = new RecordStore(this);
    session_ = new RunSession(this);
    buildActions();
    tabs_ = new QTabWidget;
    images_ = new ImagesTab(openAct_);
    live_ = new LiveTab(store_);
    compare_ = new CompareTab(store_);
    models_ = new ModelsTab;
    results_ = new ResultsTab(store_);
    tabs_->addTab(images_, tr("&Images"));
    tabs_->addTab(live_, tr("&Live"));
    tabs_->addTab(compare_, tr("&Compare"));
    tabs_->addTab(models_, tr("&Models"));
    tabs_->addTab(results_, tr("&Results"));
    tabs_->setTabToolTip(0, tr("The image folder and its file size / pixel count distributions"));
    tabs_->setTabToolTip(1, tr("Requests as they are measured"));
    tabs_->setTabToolTip(2, tr("Strategies side by side"));
    tabs_->setTabToolTip(3, tr("The cost model: calibration and fitted lines"));
    tabs_->setTabToolTip(4, tr("Every record"));
    setCentralWidget(tabs_);
    buildDock();
    buildMenus();
    countLabel_ = new QLabel;
    linkLabel_ = new QLabel;
    statusBar()->addPermanentWidget(linkLabel_);
    statusBar()->addPermanentWidget(countLabel_);

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
    connect(session_, &RunSession::recordsReady, this,
            [this](std::vector<RequestRecord> batch) { store_->append(std::move(batch)); });
    connect(session_, &RunSession::progress, run_, &RunPanel::setProgress);
    connect(session_, &RunSession::message, this, [this](const QString& m) { status(m); });
    connect(session_, &RunSession::finished, this, &MainWindow::onRunFinished);
    connect(network_, &NetworkPanel::linkChanged, this, [this](double mbps, double rtt) {
        LinkShape link;
        link.uplinkBitsPerSecond = mbps * 1e6;
        link.rttMs = rtt;
        session_->setLink(link);  // a running experiment uses it from its next request
        syncModelProfile();       // an emulated phone's profile depends on the Wi-Fi
        linkLabel_->setText(tr("Link: %1, RTT %2 ms")
                                .arg(QString::fromStdString(formatBitRate(mbps * 1e6)))
                                .arg(rtt));
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

    startEmbeddedEndpoint();
    settingsEnabled_ = !options_.noSettings;
    loadSettings(settingsEnabled_);
    updateActions();

    if (!options_.openExperiment.isEmpty()) {
        QString err;
        if (!openExperimentFrom(options_.openExperiment, &err)) status(err, 0);
    }
    if (!options_.tab.isEmpty()) showTab(options_.tab);
    if (options_.autorun) {
        QTimer::singleShot(0, this, [this] {
            QString err;
            if (!startRun(&err)) {
                status(tr("Cannot start: %1").arg(err), 0);
                if (options_.unattended()) finishUnattended(err);
            }
        });
    } else if (options_.unattended()) {
        QTimer::singleShot(0, this, [this] { finishUnattended({}); });
    }
}

MainWindow::~MainWindow() {
    delete session_;  // stops a run in flight before the embedded endpoint goes
    session_ = nullptr;
    if (embedded_) embedded_->stop();
}

void MainWindow::buildActions() {
    auto make = [this](const QString& text, const QKeySequence& key, const QString& tip) {
        auto* a = new QAction(text, this);
        if (!key.isEmpty()) a->setShortcut(key);
        a->setToolTip(key.isEmpty()
                          ? tip
                          : QString("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        a->setStatusTip(tip);
        return a;
    };
    openAct_ = make(tr("&Open folder..."), QKeySequence::Open,
                    tr("Open a folder of images (searched recursively)"));
    openExpAct_ =
        make(tr("Open &experiment..."), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
             tr("Reopen a saved experiment: its settings and records, without re-running"));
    saveExpAct_ = make(tr("&Save experiment..."), QKeySequence::Save,
                       tr("Save the settings and every record as one JSON file"));
    exportCsvAct_ = make(tr("Export records as &CSV..."), QKeySequence(Qt::CTRL | Qt::Key_E),
                         tr("Write every record as CSV (the prototype's column names)"));
    exportChartsAct_ =
        make(tr("Export &all (CSV + charts)..."), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
             tr("Write the CSV, the experiment and every chart as PNG, SVG and PDF into a folder"));
    runAct_ = make(tr("&Run"), QKeySequence(Qt::CTRL | Qt::Key_R),
                   tr("Measure every image with every selected strategy"));
    runAct_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    pauseAct_ =
        make(tr("&Pause"), QKeySequence(Qt::CTRL | Qt::Key_P), tr("Hold before the next request"));
    pauseAct_->setCheckable(true);
    pauseAct_->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
    stopAct_ =
        make(tr("S&top"), QKeySequence(Qt::CTRL | Qt::Key_Period),
             tr("Finish the request in flight and end the run, keeping everything measured"));
    stopAct_->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    quitAct_ = make(tr("&Quit"), QKeySequence::Quit, tr("Quit"));
    aboutAct_ = make(tr("&About PieSlicer Dashboard"), {}, tr("About this program and the paper"));
    connect(openAct_, &QAction::triggered, this, &MainWindow::chooseFolder);
    connect(openExpAct_, &QAction::triggered, this, &MainWindow::openExperimentDialog);
    connect(saveExpAct_, &QAction::triggered, this, &MainWindow::saveExperimentDialog);
    connect(exportCsvAct_, &QAction::triggered, this, &MainWindow::exportCsvDialog);
    connect(exportChartsAct_, &QAction::triggered, this, &MainWindow::chooseExportDir);
    connect(runAct_, &QAction::triggered, this, [this] {
        QString err;
        if (!startRun(&err)) QMessageBox::warning(this, tr("Cannot run"), err);
    });
    connect(pauseAct_, &QAction::toggled, this, &MainWindow::setPaused);
    connect(stopAct_, &QAction::triggered, this, &MainWindow::stopRun);
    connect(quitAct_, &QAction::triggered, this, &QWidget::close);
    connect(aboutAct_, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(openAct_);
    recentMenu_ = file->addMenu(tr("Recent &folders"));
    file->addSeparator();
    file->addAction(openExpAct_);
    file->addAction(saveExpAct_);
    file->addSeparator();
    file->addAction(exportCsvAct_);
    file->addAction(exportChartsAct_);
    file->addSeparator();
    file->addAction(quitAct_);
    auto* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(runAct_);
    run->addAction(pauseAct_);
    run->addAction(stopAct_);
    auto* view = menuBar()->addMenu(tr("&View"));
    for (auto* dock : findChildren<QDockWidget*>()) view->addAction(dock->toggleViewAction());
    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(aboutAct_);
    auto* bar = addToolBar(tr("Main"));
    bar->setObjectName("mainToolBar");
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(openAct_);
    bar->addSeparator();
    bar->addAction(runAct_);
    bar->addAction(pauseAct_);
    bar->addAction(stopAct_);
    bar->addSeparator();
    bar->addAction(exportChartsAct_);
}

void MainWindow::buildDock() {
    endpoint_ = new EndpointPanel;
    network_ = new NetworkPanel;
    device_ = new DevicePanel;
    run_ = new RunPanel(runAct_, pauseAct_, stopAct_);
    auto* panel = new QWidget;
    auto* layout = new QVBoxLayout(panel);
    layout->addWidget(run_);
    layout->addWidget(network_);
    layout->addWidget(device_);
    layout->addWidget(endpoint_);
    layout->addStretch(1);
    auto* scroll = new QScrollArea;
    scroll->setWidget(panel);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(panel->sizeHint().width() + 20);
    auto* dock = new QDockWidget(tr("Settings"));
    dock->setObjectName("settingsDock");
    dock->setWidget(scroll);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
}

void MainWindow::startEmbeddedEndpoint() {
    EndpointConfig ec;
    ec.host = "127.0.0.1";
    ec.port = 0;
    ec.threads = 2;
    embedded_ = std::make_unique<EndpointServer>(ec);
    auto port = embedded_->start();  // binds and returns; serving happens on its own thread
    if (!port) {
        embeddedError_ =
            tr("embedded endpoint failed: %1").arg(QString::fromStdString(port.error()));
        embedded_.reset();
    }
    endpoint_->setEmbeddedUrl(embeddedUrl(), embeddedError_);
}

QString MainWindow::embeddedUrl() const {
    return embedded_ ? QString::fromStdString(embedded_->url()) : QString();
}

void MainWindow::loadSettings(bool useSettings) {
    DashboardConfig c;
    if (useSettings) {
        QSettings s;
        const auto doc = QJsonDocument::fromJson(s.value("config").toByteArray());
        if (doc.isObject()) c = DashboardConfig::fromJson(doc.object());
        recent_ = s.value("recentFolders").toStringList();
        restoreGeometry(s.value("geometry").toByteArray());
        restoreState(s.value("windowState").toByteArray());
    }
    if (folderMissing(c.imagesDir)) c.imagesDir = defaultImagesFolder();
    if (c.strategies.isEmpty()) c.strategies = defaultStrategies();
    options_.applyTo(c);
    updateRecentMenu();
    applyConfig(c);
}

void MainWindow::saveSettings() {
    if (!settingsEnabled_) return;
    QSettings s;
    s.setValue("config", QJsonDocument(currentConfig().toJson()).toJson(QJsonDocument::Compact));
    s.setValue("recentFolders", recent_);
    s.setValue("geometry", saveGeometry());
    s.setValue("windowState", saveState());
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

void MainWindow::openFolder(const QString& dir) {
    if (dir.isEmpty()) return;
    images_->scan(dir);
    addRecent(dir);
    setWindowTitle(tr("PieSlicer Dashboard - %1").arg(QDir::toNativeSeparators(dir)));
}

void MainWindow::addRecent(const QString& dir) {
    recent_.removeAll(dir);
    recent_.prepend(dir);
    while (recent_.size() > 8) recent_.removeLast();
    updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
    if (!recentMenu_) return;
    recentMenu_->clear();
    for (const auto& d : recent_) {
        auto* a = recentMenu_->addAction(QDir::toNativeSeparators(d));
        connect(a, &QAction::triggered, this, [this, d] { openFolder(d); });
    }
    recentMenu_->setEnabled(!recent_.isEmpty());
}

void MainWindow::updateActions() {
    const bool running = session_ && session_->isRunning();
    runAct_->setEnabled(!running);
    pauseAct_->setEnabled(running);
    stopAct_->setEnabled(running);
    openAct_->setEnabled(!running);
    openExpAct_->setEnabled(!running);
    models_->setEnabled(!running);
}

bool MainWindow::isRunning() const { return session_->isRunning(); }

bool MainWindow::startRun(QString* error) {
    const DashboardConfig c = currentConfig();
    auto failWith = [&](const QString& m) {
        if (error) *error = m;
        return false;
    };
    if (c.imagesDir.isEmpty()) return failWith(tr("open a folder of images first"));
    if (!QFileInfo::exists(c.imagesDir)) return failWith(tr("%1 does not exist").arg(c.imagesDir));
    if (c.strategies.isEmpty()) return failWith(tr("select at least one strategy"));
    if (!c.embedded() && !c.endpoint.startsWith("http://") && !c.endpoint.startsWith("https://"))
        return failWith(tr("the endpoint URL must start with http:// or https://"));
    const QString url = c.embedded() ? embeddedUrl() : c.endpoint;
    QString err;
    store_->clear();
    QString autosave;
    if (settingsEnabled_) {  // a user's run: keep a copy on disk as it is measured
        const QString dir =
            QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/runs";
        if (QDir().mkpath(dir))
            autosave = dir + QDateTime::currentDateTime().toString("/'run-'yyyyMMdd-HHmmss'.csv'");
    }
    if (!session_->start(c, url, &err, autosave)) return failWith(err);
    pauseAct_->setChecked(false);
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
    pauseAct_->setChecked(false);
    const QString text = !error.isEmpty() ? tr("Run failed: %1").arg(error)
                         : stopped        ? tr("Stopped: %1 records kept").arg(store_->size())
                                          : tr("Done: %1 records").arg(store_->size());
    run_->setIdle(text);
    status(text, 0);
    compare_->updateNow();
    syncModelProfile();  // a run on this machine may have calibrated a profile
    if (!store_->records().empty()) {
        models_->setSamples(store_->records());
        live_->selectRecord(int(store_->size()) - 1);
    }
    emit runFinished(stopped, error);
    if (closeAfterStop_) {
        close();
        return;
    }
    if (options_.autorun && options_.unattended()) finishUnattended(error);
}

void MainWindow::finishUnattended(const QString& runError) {
    if (images_->isScanning()) {  // the dataset charts need the whole folder
        auto* once = new QObject(this);
        connect(images_, &ImagesTab::scanFinished, once, [this, runError, once] {
            once->deleteLater();
            finishUnattended(runError);
        });
        return;
    }
    int code = runError.isEmpty() ? 0 : 2;
    if (!options_.exportDir.isEmpty()) {
        QString err;
        if (exportAllTo(options_.exportDir, &err)) {
            std::fprintf(stderr, "pieslicer-dashboard: wrote %zu records and %lld charts to %s\n",
                         store_->size(), static_cast<long long>(allCharts().size()),
                         qPrintable(options_.exportDir));
        } else {
            std::fprintf(stderr, "pieslicer-dashboard: export failed: %s\n", qPrintable(err));
            if (code == 0) code = 3;
        }
    }
    if (!runError.isEmpty())
        std::fprintf(stderr, "pieslicer-dashboard: run failed: %s\n", qPrintable(runError));
    if (options_.screenshot.isEmpty()) {
        emit unattendedDone(code);
        if (options_.quitWhenDone) QCoreApplication::exit(code);
        return;
    }
    showTab(options_.tab.isEmpty() ? QStringLiteral("live") : options_.tab);
    // Let the shown tab's coalesced chart refreshes land before grabbing.
    QTimer::singleShot(300, this, [this, code] {
        int c = code;
        if (!grab().save(options_.screenshot)) {
            std::fprintf(stderr, "pieslicer-dashboard: cannot write %s\n",
                         qPrintable(options_.screenshot));
            if (c == 0) c = 3;
        }
        emit unattendedDone(c);
        if (options_.quitWhenDone) QCoreApplication::exit(c);
    });
}

QList<ChartPanel*> MainWindow::allCharts() const {
    return images_->charts() + live_->charts() + compare_->charts() + models_->charts();
}

bool MainWindow::exportAllTo(const QString& dir, QString* error) {
    compare_->updateNow();
    ExperimentFile e{currentConfig(), store_->records(), {}, {}};
    const BundleResult r = exportBundle(dir, e, allCharts());
    if (!r.ok()) {
        if (error) *error = r.errors.join("; ");
        status(tr("Export had errors: %1").arg(r.errors.join("; ")), 0);
        return false;
    }
    status(tr("Wrote %1 files to %2").arg(r.written.size()).arg(dir));
    return true;
}

bool MainWindow::saveExperimentTo(const QString& path, QString* error) {
    auto saved = saveExperiment(path, {currentConfig(), store_->records(), {}, {}});
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
    store_->setAll(std::move(loaded->records));
    models_->setSamples(store_->records());
    compare_->updateNow();
    status(
        tr("Opened %1: %2 records (saved %3)").arg(path).arg(store_->size()).arg(loaded->savedAt),
        0);
    return true;
}

void MainWindow::chooseFolder() {
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Open a folder of images"), images_->folder());
    if (!dir.isEmpty()) openFolder(dir);
}

void MainWindow::chooseExportDir() {
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Export CSV and charts into"), QDir::homePath());
    QString err;
    if (!dir.isEmpty() && !exportAllTo(dir, &err)) QMessageBox::warning(this, tr("Export"), err);
}

void MainWindow::exportCsvDialog() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export records"),
                                                      "pieslicer-records.csv", tr("CSV (*.csv)"));
    if (path.isEmpty()) return;
    auto written = exportRecordsCsv(path, store_->records());
    if (!written)
        QMessageBox::warning(this, tr("Export"), QString::fromStdString(written.error()));
    else
        status(tr("Wrote %1 records to %2").arg(store_->size()).arg(path));
}

void MainWindow::saveExperimentDialog() {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save experiment"), "experiment.pieslicer.json",
                                     tr("PieSlicer experiments (*.pieslicer.json *.json)"));
    QString err;
    if (!path.isEmpty() && !saveExperimentTo(path, &err))
        QMessageBox::warning(this, tr("Save experiment"), err);
}

void MainWindow::openExperimentDialog() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open experiment"), {}, tr("PieSlicer experiments (*.pieslicer.json *.json)"));
    QString err;
    if (!path.isEmpty() && !openExperimentFrom(path, &err))
        QMessageBox::warning(this, tr("Open experiment"), err);
}

void MainWindow::showTab(const QString& name) {
    for (int i = 0; i < tabs_->count(); ++i)
        if (tabs_->tabText(i).remove('&').toLower() == name) tabs_->setCurrentIndex(i);
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About PieSlicer Dashboard"),
        tr("<h3>PieSlicer Dashboard %1</h3>"
           "<p>Measures where to preprocess an image before cloud CNN inference: on the device "
           "(then upload a small JPEG) or in the cloud (upload the original), and how well a cost "
           "model chooses between them.</p>"
           "<p>Based on: Samuel S. Ogden, Xiangnan Kong, Tian Guo. <i>PieSlicer: Dynamically "
           "Improving "
           "Response Time for Cloud-based CNN Inference.</i> ICPE '21, ACM. "
           "doi:10.1145/3427921.3450256</p><p>Qt %2</p>")
            .arg(QCoreApplication::applicationVersion(), qVersion()));
}

void MainWindow::status(const QString& text, int ms) { statusBar()->showMessage(text, ms); }

void MainWindow::closeEvent(QCloseEvent* e) {
    if (session_->isRunning()) {
        closeAfterStop_ = true;
        session_->requestStop();
        status(tr("Stopping the run before quitting ..."), 0);
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
    for (const auto& url : e->mimeData()->urls()) {
        if (!url.isLocalFile()) continue;
        const QFileInfo fi(url.toLocalFile());
        if (fi.fileName().endsWith(".pieslicer.json")) {
            QString err;
            if (!openExperimentFrom(fi.absoluteFilePath(), &err)) status(err, 0);
        } else {
            openFolder(fi.isDir() ? fi.absoluteFilePath() : fi.absolutePath());
        }
        e->acceptProposedAction();
        return;
    }
}

}  // namespace pieslicer::ui
