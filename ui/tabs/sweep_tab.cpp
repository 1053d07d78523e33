#include "tabs/sweep_tab.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>

#include "charts/heatmap_widget.h"
#include "charts/xy_scatter_widget.h"
#include "run/strategy_catalog.h"
#include "run/sweep_session.h"
#include "tabs/sweep_maps.h"

namespace pieslicer::ui {
namespace {

QLineEdit* edit(const QString& text, const QString& tip) {
    auto* e = new QLineEdit(text);
    e->setToolTip(tip);
    return e;
}

QString etaText(double ms) {
    if (ms < 60000) return QObject::tr("%1 s").arg(ms / 1000, 0, 'f', 0);
    return QObject::tr("%1 min").arg(ms / 60000, 0, 'f', 1);
}

}  // namespace

SweepTab::SweepTab(std::function<DashboardConfig()> config, QWidget* parent)
    : QWidget(parent), config_(std::move(config)), session_(new SweepSession(this)) {
    uplinks_ = edit("2mbit,8mbit,32mbit",
                    tr("Rates (8mbit), named networks (campus-wifi, slow-3g, ...) or trace files"));
    rtts_ = edit("40ms", tr("Durations, or auto: a named network's own RTT, else 40 ms"));
    devices_ = edit("this machine,Pixel 2",
                    tr("this machine; Pixel 2 (scaled by its k), Pixel 2:k6, Pixel 2:paper; k3"));
    tcp_ = edit("ideal", tr("ideal, linux"));
    strategies_ = edit("pieslicer,static-device,static-cloud,oracle", tr("Strategy ids"));
    csv_ = edit({}, tr("Every record, appended as measured; empty: a new file in the app's data "
                       "folder. An existing file is resumed."));
    csv_->setPlaceholderText(tr("new file in the application data folder"));

    auto* form = new QFormLayout;
    form->addRow(tr("Uplinks"), uplinks_);
    form->addRow(tr("RTTs"), rtts_);
    form->addRow(tr("Devices"), devices_);
    form->addRow(tr("TCP models"), tcp_);
    form->addRow(tr("Strategies"), strategies_);
    form->addRow(tr("Records CSV"), csv_);
    run_ = new QPushButton(tr("Run sweep"));
    stop_ = new QPushButton(tr("Stop"));
    stop_->setEnabled(false);
    export_ = new QPushButton(tr("Export PNG..."));
    export_->setEnabled(false);
    progress_ = new QProgressBar;
    progress_->setRange(0, 1);
    progress_->setValue(0);
    status_ = new QLabel(tr("Images, model input and quality come from the Settings panel."));
    status_->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(run_);
    buttons->addWidget(stop_);
    buttons->addWidget(progress_, 1);
    buttons->addWidget(export_);
    auto* setupBox =
        new QGroupBox(tr("Sweep setup: every cell runs the strategies paired over "
                         "the same images"));
    auto* setup = new QVBoxLayout(setupBox);
    setup->addLayout(form);
    setup->addLayout(buttons);
    setup->addWidget(status_);

    slice_ = new QComboBox;
    strategy_ = new QComboBox;
    for (QComboBox* box : {slice_, strategy_})
        box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto* pick = new QHBoxLayout;
    pick->addWidget(new QLabel(tr("Strategy")));
    pick->addWidget(strategy_);
    pick->addSpacing(16);
    pick->addWidget(new QLabel(tr("RTT and TCP")));
    pick->addWidget(slice_);
    pick->addStretch(1);

    savings_ = new HeatmapWidget("sweep-savings",
                                 tr("Mean saving vs the better static strategy, % [95% CI]"));
    regret_ = new HeatmapWidget("sweep-regret", tr("Regret, % of the oracle's total"));
    f1_ = new HeatmapWidget("sweep-decisive-f1", tr("Decisive F1 [95% CI]"));
    breakEven_ = new XYScatterWidget(
        "sweep-break-even",
        tr("Break-even uplink per image: the orders are predicted equal (device first below, "
           "cloud first above)"),
        tr("original file size (MB)"), tr("uplink (Mbit/s)"));
    breakEven_->setLogY(true);
    auto* maps = new QGridLayout;
    maps->addWidget(savings_, 0, 0);
    maps->addWidget(regret_, 0, 1);
    maps->addWidget(f1_, 0, 2);
    maps->addWidget(breakEven_, 1, 0, 1, 3);
    maps->setRowStretch(0, 1);
    maps->setRowStretch(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(setupBox);
    layout->addLayout(pick);
    layout->addLayout(maps, 1);

    connect(run_, &QPushButton::clicked, this, [this] {
        QString err;
        if (!startSweep(&err)) status_->setText(tr("Cannot start: %1").arg(err));
    });
    connect(stop_, &QPushButton::clicked, session_, &SweepSession::requestStop);
    connect(export_, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Export the sweep's charts"));
        if (dir.isEmpty()) return;
        QString err;
        const QStringList written = exportPngs(dir, &err);
        status_->setText(err.isEmpty() ? tr("Wrote %1 files to %2").arg(written.size()).arg(dir)
                                       : err);
    });
    connect(slice_, &QComboBox::currentIndexChanged, this, &SweepTab::redraw);
    connect(strategy_, &QComboBox::currentIndexChanged, this, &SweepTab::redraw);
    connect(session_, &SweepSession::progress, this, &SweepTab::onProgress);
    connect(session_, &SweepSession::message, status_, &QLabel::setText);
    connect(session_, &SweepSession::finished, this, &SweepTab::onFinished);
}

bool SweepTab::startSweep(QString* error) {
    auto failWith = [error](const QString& e) {
        if (error) *error = e;
        return false;
    };
    const DashboardConfig c = config_();
    if (c.imagesDir.isEmpty()) return failWith(tr("choose an image folder first"));
    SweepConfig config;
    auto uplinks = parseSweepUplinks(uplinks_->text().toStdString());
    auto rtts = parseSweepRtts(rtts_->text().toStdString());
    auto devices = parseSweepDevices(devices_->text().toStdString());
    auto tcps = parseSweepTcps(tcp_->text().toStdString());
    for (const std::string* e :
         {uplinks ? nullptr : &uplinks.error(), rtts ? nullptr : &rtts.error(),
          devices ? nullptr : &devices.error(), tcps ? nullptr : &tcps.error()})
        if (e) return failWith(QString::fromStdString(*e));
    config.grid = {uplinks.value(), rtts.value(), devices.value(), tcps.value()};
    for (const QString& id : strategies_->text().split(',', Qt::SkipEmptyParts))
        config.strategyIds.push_back(id.trimmed().toStdString());
    if (config.strategyIds.empty()) return failWith(tr("choose at least one strategy"));
    config.base.images = c.imagesDir.toStdString();
    config.base.endpointUrl = c.embedded() ? std::string() : c.endpoint.toStdString();
    config.base.repeat = c.repeat;
    config.base.runTag = "dashboard-sweep";
    config.base.measurement.preprocess.target = c.target;
    config.base.measurement.preprocess.jpegQuality = c.quality;
    QString csv = csv_->text().trimmed();
    if (csv.isEmpty()) {
        const QString dir =
            QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/sweeps";
        QDir().mkpath(dir);
        csv = dir + QDateTime::currentDateTime().toString("/'sweep-'yyyyMMdd-HHmmss'.csv'");
        csv_->setText(csv);
    }
    config.base.outCsv = csv.toStdString();
    config.base.resume = true;  // a file chosen again continues where it stopped
    config.profileCacheDir = profileCacheFolder().toStdString();
    QString err;
    if (!session_->start(std::move(config), scoring_, csv + ".summary.json", &err))
        return failWith(err);
    run_->setEnabled(false);
    stop_->setEnabled(true);
    progress_->setRange(0, 0);  // busy until the first record
    status_->setText(tr("Sweeping %1 cells; records to %2")
                         .arg(uplinks->size() * rtts->size() * devices->size() * tcps->size())
                         .arg(csv));
    return true;
}

void SweepTab::onProgress(int cell, int cells, qint64 done, qint64 total, double etaMs) {
    progress_->setRange(0, int(std::max<qint64>(1, total)));
    progress_->setValue(int(done));
    progress_->setFormat(tr("cell %1/%2 · %3/%4 · ETA %5")
                             .arg(cell + 1)
                             .arg(cells)
                             .arg(done)
                             .arg(total)
                             .arg(etaText(etaMs)));
}

void SweepTab::onFinished(bool stopped, const QString& error,
                          std::shared_ptr<const SweepSummary> summary) {
    run_->setEnabled(true);
    stop_->setEnabled(false);
    if (progress_->maximum() == 0) progress_->setRange(0, 1);
    if (summary) showSummary(std::move(summary));
    if (!error.isEmpty())
        status_->setText(tr("Sweep failed: %1").arg(error));
    else
        status_->setText(stopped ? tr("Sweep stopped: run it again to resume the same CSV")
                                 : tr("Sweep finished: %1").arg(csv_->text()));
    emit sweepFinished(error.isEmpty() && !stopped);
}

void SweepTab::showSummary(std::shared_ptr<const SweepSummary> summary) {
    summary_ = std::move(summary);
    const QSignalBlocker a(slice_), b(strategy_);
    slice_->clear();
    for (const auto& s : sweepSlices(*summary_)) slice_->addItem(s.label);
    strategy_->clear();
    strategy_->addItems(sweepStrategies(*summary_));
    export_->setEnabled(!summary_->cells.empty());

    std::vector<XYGroup> curves;
    // Images with no break-even are not on the curve; the title says how many and why, so
    // a curve of three images out of six is not read as the whole folder.
    int deviceAlways = 0, cloudAlways = 0, total = 0;
    for (const auto& series : summary_->breakEven)
        for (const auto& p : series.points) {
            ++total;
            if (!p.bitsPerSecond) ++(p.deviceAlwaysFaster ? deviceAlways : cloudAlways);
        }
    QStringList missing;
    if (deviceAlways) missing << tr("%1 on-device faster at every uplink").arg(deviceAlways);
    if (cloudAlways) missing << tr("%1 in-cloud faster at every uplink").arg(cloudAlways);
    breakEven_->setTitleNote(
        missing.isEmpty() ? QString()
                          : tr("not shown, of %1 images: %2").arg(total).arg(missing.join(", ")));
    for (const auto& series : summary_->breakEven) {
        XYGroup g;
        g.key = QString::fromStdString(series.device);
        g.label = QStringLiteral("%1 (%2 ms, %3)")
                      .arg(g.key)
                      .arg(series.rttMs)
                      .arg(QString::fromStdString(tcpModelName(series.tcp)));
        for (const auto& p : series.points)
            if (p.bitsPerSecond) g.points << QPointF(p.origBytes / 1e6, *p.bitsPerSecond / 1e6);
        // A marker per image (each has its own s', f and h), joined in order of size.
        XYGroup line = g;
        line.line = true;
        line.label.clear();
        curves.push_back(std::move(g));
        curves.push_back(std::move(line));
    }
    breakEven_->setGroups(std::move(curves));
    redraw();
}

void SweepTab::redraw() {
    if (!summary_) return;
    const auto slices = sweepSlices(*summary_);
    if (slices.empty() || slice_->currentIndex() < 0 || strategy_->currentIndex() < 0) return;
    const SweepMaps m = sweepMaps(*summary_, slices[std::size_t(slice_->currentIndex())],
                                  strategy_->currentText().toStdString());
    savings_->setGrid(m.savings.rows, m.savings.columns, m.savings.cells, m.savings.scale);
    regret_->setGrid(m.regret.rows, m.regret.columns, m.regret.cells, m.regret.scale);
    f1_->setGrid(m.decisiveF1.rows, m.decisiveF1.columns, m.decisiveF1.cells, m.decisiveF1.scale);
}

QStringList SweepTab::exportPngs(const QString& dir, QString* error) {
    QStringList written;
    if (!QDir().mkpath(dir)) {
        if (error) *error = tr("cannot create folder %1").arg(dir);
        return written;
    }
    for (HeatmapWidget* map : {savings_, regret_, f1_}) {
        const QString path = QDir(dir).filePath(map->id() + ".png");
        if (map->exportPng(path, error)) written << path;
    }
    const QString chart = QDir(dir).filePath(breakEven_->id() + ".png");
    if (breakEven_->exportTo(chart, error)) written << chart;
    return written;
}

}  // namespace pieslicer::ui
