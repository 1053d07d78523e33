#include "tabs/models_tab.h"

#include <QDir>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <algorithm>
#include <map>
#include <tuple>

#include "charts/xy_scatter_widget.h"
#include "model/cost_model.h"
#include "model/profile_fitting.h"
#include "run/emulated_device.h"
#include "run/record_csv.h"
#include "run/strategy_catalog.h"

namespace pieslicer::ui {

namespace {

// Mean absolute percentage error of `predicted` against `measured` (same order).
QString mapeText(const QList<QPointF>& measured, const QList<QPointF>& predicted) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < measured.size() && i < predicted.size(); ++i) {
        if (measured[i].y() <= 1e-9) continue;
        sum += std::abs(predicted[i].y() - measured[i].y()) / measured[i].y();
        ++n;
    }
    return n ? QObject::tr("%1 (n=%2)").arg(100.0 * sum / n, 0, 'f', 1).arg(n)
             : QStringLiteral("-");
}

bool onlyFileMb(const ComponentModel& m) {
    return std::all_of(m.regressors.begin(), m.regressors.end(),
                       [](Regressor r) { return r == Regressor::FileMb; });
}

// Samples as markers and the model over them: a straight line over 0..max for models of
// the file size alone; otherwise hollow markers at each sample (it depends on more than
// the x axis shows, so a line through its predictions would zigzag). `yScale` converts
// the model's unit to the chart's (bytes to KB for s').
std::vector<XYGroup> groupsFor(const QString& key, const QString& sampleLabel,
                               const QList<QPointF>& samples, const QList<QPointF>& predicted,
                               const ComponentModel& m, int target, double yScale = 1) {
    std::vector<XYGroup> out;
    out.push_back({key, sampleLabel, samples, false, false, false});
    const QString formula = QString::fromStdString(m.formula());
    if (onlyFileMb(m)) {
        XYGroup line{"model", QObject::tr("fitted: %1").arg(formula), {}, true};
        double maxX = 1;
        for (const auto& p : samples) maxX = std::max(maxX, p.x());
        for (double x : {0.0, maxX * 1.05}) {
            ImageFeatures f;
            f.bytes = x * 1e6;
            line.points.append({x, m.predict(regressorValues(f, target)) * yScale});
        }
        out.push_back(line);
    } else {
        out.push_back({"model", QObject::tr("fitted, at each sample: %1").arg(formula), predicted,
                       false, true, false});
    }
    return out;
}

// The link a record was measured on, as a strategy would know it.
ImageFeatures linkOf(const RequestRecord& r) {
    ImageFeatures link;
    link.uplinkBitsPerSecond = r.uplink_mbps * 1e6;
    link.rttMs = r.rtt_ms;
    link.tcp = parseTcpModel(r.tcp_model).value_or(TcpModel::Ideal);
    return link;
}

// The link most of the samples were measured on (none: unknown, the fitted line).
ImageFeatures mostCommonLink(const std::vector<RequestRecord>& samples) {
    std::map<std::tuple<double, double, std::string>, int> count;
    for (const auto& r : samples)
        if (r.ok()) ++count[{r.uplink_mbps, r.rtt_ms, r.tcp_model}];
    const auto best =
        std::max_element(count.begin(), count.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    if (best == count.end()) return {};
    RequestRecord r;
    std::tie(r.uplink_mbps, r.rtt_ms, r.tcp_model) = best->first;
    return linkOf(r);
}

// g as the runs predict it for the samples' link: the fitted line on the calibration's
// link, RTT + bytes over the rate (with slow start under Linux TCP) on any other.
XYGroup transferLine(const CostModel& model, const ImageFeatures& link,
                     const QList<QPointF>& samples) {
    const bool fromLink = model.usesLink(link);
    XYGroup line{"model",
                 fromLink ? QObject::tr("g for the samples' link: %1 Mbit/s, %2 ms RTT, %3 TCP")
                                .arg(link.uplinkBitsPerSecond / 1e6, 0, 'g', 3)
                                .arg(link.rttMs)
                                .arg(tcpModelName(link.tcp))
                          : QObject::tr("fitted: %1")
                                .arg(QString::fromStdString(model.profile().transfer.formula())),
                 {},
                 true};
    double maxX = 1;
    for (const auto& p : samples) maxX = std::max(maxX, p.x());
    const int steps = fromLink ? 40 : 1;  // slow start bends the line
    for (int i = 0; i <= steps; ++i) {
        const double x = maxX * 1.05 * i / steps;
        line.points.append({x, model.transferMs(x * 1e6, link)});
    }
    return line;
}

}  // namespace

ModelsTab::ModelsTab(QWidget* parent) : QWidget(parent), profile_(*paperProfile()) {
    f_ = new XYScatterWidget("model_f_device_prep", tr("f: on-device preprocessing"),
                             tr("Original file size (MB)"), tr("Time (ms)"));
    g_ = new XYScatterWidget("model_g_transfer", tr("g: network transfer"),
                             tr("Uploaded size (MB)"), tr("Time (ms)"));
    h_ = new XYScatterWidget("model_h_cloud_prep", tr("h: in-cloud preprocessing"),
                             tr("Uploaded size (MB)"), tr("Time (ms)"));
    s_ = new XYScatterWidget("model_s_sent_size", tr("s': JPEG sent after on-device preprocessing"),
                             tr("Original file size (MB)"), tr("Sent size (KB)"));
    table_ = new QTableWidget(0, 6);
    table_->setHorizontalHeaderLabels({tr("Component"), tr("Fitted model"), tr("R\u00b2"),
                                       tr("MAPE %"), tr("Samples"), tr("MAPE on shown samples %")});
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    report_ = new QPlainTextEdit;
    report_->setReadOnly(true);
    report_->setPlaceholderText(tr("Calibrate to see how every candidate model fitted"));
    report_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    calibrate_ = new QPushButton(tr("Calibrate"));
    calibrate_->setToolTip(
        tr("Measure both orders over the current folder (up to 24 images, spread over file sizes)\n"
           "on the current endpoint, link and device, then fit f, s', g and h"));
    auto* load = new QPushButton(tr("Load profile..."));
    load->setToolTip(tr("Load a cost profile JSON"));
    auto* save = new QPushButton(tr("Save profile..."));
    save->setToolTip(tr("Save the current cost profile as JSON"));
    title_ = new QLabel;
    title_->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(title_, 1);
    buttons->addWidget(calibrate_);
    buttons->addWidget(load);
    buttons->addWidget(save);
    auto* charts = new QSplitter(Qt::Horizontal);
    charts->addWidget(f_);
    charts->addWidget(g_);
    charts->addWidget(h_);
    charts->addWidget(s_);
    auto* bottom = new QSplitter(Qt::Horizontal);
    bottom->addWidget(table_);
    bottom->addWidget(report_);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(charts);
    split->addWidget(bottom);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buttons);
    layout->addWidget(split, 1);

    connect(calibrate_, &QPushButton::clicked, this, [this] {
        if (isCalibrating())
            cancelCalibration();
        else
            calibrate();
    });
    connect(load, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Load cost profile"), path_,
                                                       tr("Cost profiles (*.json)"));
        QString err;
        if (f.isEmpty()) return;
        if (loadProfileFile(f, &err))
            emit profileChanged(f);
        else
            emit statusMessage(err);
    });
    connect(save, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getSaveFileName(this, tr("Save cost profile"),
                                                       path_.isEmpty() ? "profile.json" : path_,
                                                       tr("Cost profiles (*.json)"));
        QString err;
        if (!f.isEmpty() && !saveProfileFile(f, &err)) emit statusMessage(err);
    });
    connect(&watcher_, &QFutureWatcher<CalibrationOutcome>::finished, this, [this] {
        calibrate_->setText(tr("Calibrate"));
        calibrating_ = false;
        const CalibrationOutcome out = watcher_.result();
        if (!out.ok) {
            emit statusMessage(tr("Calibration failed: %1").arg(out.error));
            report_->setPlainText(tr("Calibration failed: %1").arg(out.error));
            return;
        }
        samples_ = out.samples;
        report_->setPlainText(out.report);
        const QString dir =
            QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/profiles";
        QDir().mkpath(dir);
        const QString path = dir + "/calibrated.json";
        auto saved = saveProfile(out.profile, path.toStdString());
        profile_ = out.profile;
        path_ = saved ? path : QString();
        refresh();
        emit statusMessage(saved ? tr("Calibrated; profile saved as %1").arg(path)
                                 : tr("Calibrated, but the profile could not be saved: %1")
                                       .arg(QString::fromStdString(saved.error())));
        if (saved) emit profileChanged(path);
    });
    refresh();
}

ModelsTab::~ModelsTab() {
    if (cancel_) *cancel_ = true;
    watcher_.waitForFinished();  // shutdown only: the calibration stops after its current request
}

QList<ChartPanel*> ModelsTab::charts() const { return {f_, g_, h_, s_}; }

void ModelsTab::setProfile(const CostProfile& profile, const QString& path) {
    profile_ = profile;
    path_ = path;
    refresh();
}

bool ModelsTab::loadProfileFile(const QString& path, QString* error) {
    auto loaded = loadProfile(path.toStdString());
    if (!loaded) {
        if (error)
            *error = tr("Cannot load %1: %2").arg(path, QString::fromStdString(loaded.error()));
        return false;
    }
    setProfile(loaded.value(), path);
    return true;
}

bool ModelsTab::saveProfileFile(const QString& path, QString* error) {
    auto saved = saveProfile(profile_, path.toStdString());
    if (!saved) {
        if (error)
            *error = tr("Cannot save %1: %2").arg(path, QString::fromStdString(saved.error()));
        return false;
    }
    path_ = path;
    emit profileChanged(path);
    emit statusMessage(tr("Profile saved as %1").arg(path));
    return true;
}

void ModelsTab::setSamples(std::vector<RequestRecord> records) {
    samples_ = std::move(records);
    refresh();
}

void ModelsTab::calibrate() {
    if (isCalibrating() || !source_) return;
    CalibrationConfig config = source_();
    if (config.maxImages == 0) config.maxImages = 24;
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    auto cancel = cancel_;
    QPointer<ModelsTab> self(this);
    calibrate_->setText(tr("Cancel calibration"));
    calibrating_ = true;
    report_->setPlainText(
        tr("Calibrating on %1 ...").arg(QString::fromStdString(config.images.string())));
    watcher_.setFuture(QtConcurrent::run([config, cancel, self]() mutable {
        CalibrationOutcome out;
        QTemporaryDir tmp;
        config.outCsv = (tmp.path() + "/calibration.csv").toStdString();
        auto result = pieslicer::calibrate(
            config,
            [self](const std::string& line) {
                const QString text = QString::fromStdString(line);
                QMetaObject::invokeMethod(
                    self,
                    [self, text] {
                        if (self) emit self->statusMessage(text);
                    },
                    Qt::QueuedConnection);
            },
            cancel.get());
        if (!result) {
            out.error = QString::fromStdString(result.error());
            return out;
        }
        out.ok = true;
        out.profile = result->fit.profile;
        out.report = QString::fromStdString(result->fit.report);
        auto records = readRecordsCsv(config.outCsv);
        if (records) out.samples = std::move(records.value());
        return out;
    }));
}

void ModelsTab::cancelCalibration() {
    if (cancel_) *cancel_ = true;
}

void ModelsTab::refresh() {
    title_->setText(
        tr("<b>Profile:</b> %1 &nbsp; <b>describes:</b> %2 &nbsp; <b>network:</b> %3 &nbsp; %4")
            .arg(QString::fromStdString(profile_.name).toHtmlEscaped(),
                 QString::fromStdString(profileDeviceLabel(profile_)).toHtmlEscaped(),
                 QString::fromStdString(profile_.network).toHtmlEscaped(),
                 path_.isEmpty() ? tr("(built in)") : path_.toHtmlEscaped()));
    const CostModel model(std::make_shared<const CostProfile>(profile_));
    QList<QPointF> fS, fP, gS, gP, hS, hP, sS, sP;
    const int target = profile_.target;
    const ComponentModel* sentModel = profile_.sentBytesModel();
    for (const auto& r : samples_) {
        if (!r.ok()) continue;
        // h's samples and the image they are predicted for, as the fit takes them.
        const ImageFeatures original = featuresOfRecord(r);
        const auto sent = arrivedImage(original, r, target);
        if (r.placement() == Placement::Device) {
            const RegressorValues x = regressorValues(original, target);
            fS.append({r.orig_size / 1e6, r.time_local_preprocess});
            fP.append({r.orig_size / 1e6, profile_.devicePrep.predict(x)});
            if (sentModel) {
                sS.append({r.orig_size / 1e6, r.sent_size / 1e3});
                sP.append({r.orig_size / 1e6, sentModel->predict(x) / 1e3});
            }
        }
        gS.append({r.sent_size / 1e6, r.transfer_time_real});
        gP.append({r.sent_size / 1e6, model.transferMs(r.sent_size, linkOf(r))});
        hS.append({r.sent_size / 1e6, cloudPrepMs(r)});
        hP.append({r.sent_size / 1e6, profile_.cloudPrep.predict(regressorValues(sent, target))});
    }
    f_->setGroups(groupsFor("local", tr("on-device samples"), fS, fP, profile_.devicePrep, target));
    g_->setGroups({{"remote", tr("transfer samples"), gS, false, false, false},
                   transferLine(model, mostCommonLink(samples_), gS)});
    h_->setGroups(
        groupsFor("pieslicer", tr("in-cloud samples"), hS, hP, profile_.cloudPrep, target));
    if (sentModel)
        s_->setGroups(groupsFor("local", tr("sent JPEGs"), sS, sP, *sentModel, target, 1e-3));
    else
        s_->setGroups({});

    struct Row {
        QString name;
        const ComponentModel* m;
        QString shownMape;  // how far the model is from the samples drawn above
    };
    std::vector<Row> rows = {
        {tr("f  on-device preprocessing (ms)"), &profile_.devicePrep, mapeText(fS, fP)},
        {tr("g  transfer (ms)"), &profile_.transfer, mapeText(gS, gP)},
        {tr("h  in-cloud preprocessing (ms)"), &profile_.cloudPrep, mapeText(hS, hP)}};
    if (const auto* s = profile_.sentBytesModel())
        rows.push_back({tr("s' bytes sent by on-device"), s, mapeText(sS, sP)});
    table_->setRowCount(int(rows.size()));
    for (int i = 0; i < int(rows.size()); ++i) {
        const auto& q = rows[std::size_t(i)].m->quality;
        const QStringList cells = {rows[std::size_t(i)].name,
                                   QString::fromStdString(rows[std::size_t(i)].m->formula()),
                                   q.samples ? QString::number(q.r2, 'f', 3) : "-",
                                   q.samples ? QString::number(q.mape, 'f', 1) : "-",
                                   QString::number(q.samples),
                                   rows[std::size_t(i)].shownMape};
        for (int k = 0; k < 6; ++k) table_->setItem(i, k, new QTableWidgetItem(cells[k]));
    }
    table_->resizeColumnToContents(0);
}

}  // namespace pieslicer::ui
