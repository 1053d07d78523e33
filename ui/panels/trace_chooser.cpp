#include "panels/trace_chooser.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QVBoxLayout>

#include "net/delivery_trace.h"
#include "run/presets.h"

namespace pieslicer::ui {

namespace {
const QString kPick = QStringLiteral("\x01pick");  // item data of "Other file ..."
}

TraceChooser::TraceChooser(QWidget* parent) : QWidget(parent) {
    combo_ = new QComboBox;
    combo_->setToolTip(
        tr("A Mahimahi delivery trace (one line per millisecond at which a 1500-byte packet may "
           "leave) drives the uplink instead of the fixed rate. It starts from its beginning "
           "when a run starts and loops."));
    // Long file names must not widen the settings dock.
    combo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo_->setMinimumContentsLength(12);
    info_ = new QLabel;
    info_->setWordWrap(true);
    info_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(combo_);
    layout->addWidget(info_);
    syncCombo();
    showInfo(tr("No trace: the uplink runs at the fixed rate."), false);
    connect(combo_, &QComboBox::activated, this, &TraceChooser::onActivated);
}

void TraceChooser::syncCombo() {
    combo_->clear();
    combo_->addItem(tr("None (fixed rate)"), QString());
    const QString shipped = tracesFolder();
    if (!shipped.isEmpty())
        for (const auto& f : QDir(shipped).entryInfoList({"*.trace"}, QDir::Files, QDir::Name))
            combo_->addItem(f.fileName(), f.absoluteFilePath());
    if (!path_.isEmpty() && combo_->findData(path_) < 0)
        combo_->addItem(QFileInfo(path_).fileName(), path_);
    combo_->addItem(tr("Other file ..."), kPick);
    combo_->setCurrentIndex(std::max(0, combo_->findData(path_)));
    for (int i = 0; i < combo_->count(); ++i)
        if (const QString p = combo_->itemData(i).toString(); !p.isEmpty() && p != kPick)
            combo_->setItemData(i, QDir::toNativeSeparators(p), Qt::ToolTipRole);
}

void TraceChooser::onActivated(int index) {
    QString path = combo_->itemData(index).toString();
    if (path == kPick) {
        const QString start = path_.isEmpty() ? tracesFolder() : QFileInfo(path_).path();
        path = QFileDialog::getOpenFileName(this, tr("Uplink delivery trace"), start,
                                            tr("Mahimahi traces (*.trace);;All files (*)"));
        if (path.isEmpty()) {  // cancelled: nothing changes
            syncCombo();
            return;
        }
    }
    setPath(path);
}

bool TraceChooser::setPath(const QString& path, QString* error) {
    auto refuse = [&](const QString& why) {
        const QString kept = trace_ ? tr("kept %1").arg(QString::fromStdString(trace_->name()))
                                    : tr("kept the fixed rate");
        showInfo(tr("Cannot use %1: %2 (%3)").arg(QFileInfo(path).fileName(), why, kept), true);
        syncCombo();
        if (error) *error = why;
        return false;
    };
    if (path.isEmpty()) {
        const bool was = bool(trace_);
        trace_.reset();
        path_.clear();
        syncCombo();
        showInfo(tr("No trace: the uplink runs at the fixed rate."), false);
        if (was) emit changed();
        return true;
    }
    const QFileInfo file(path);
    if (!file.isFile()) return refuse(tr("no such file"));
    if (file.size() > kMaxTraceBytes) return refuse(tr("over 64 MB, not a delivery trace"));
    auto loaded = DeliveryTrace::load(path.toStdString());
    if (!loaded) return refuse(QString::fromStdString(loaded.error()));
    trace_ = std::make_shared<const DeliveryTrace>(std::move(loaded.value()));
    path_ = file.absoluteFilePath();
    syncCombo();
    showInfo(tr("%1: mean %2 over a %3 s loop; it replaces the fixed uplink rate.")
                 .arg(QString::fromStdString(trace_->name()),
                      tr("%1 Mbit/s").arg(trace_->meanBitsPerSecond() / 1e6, 0, 'g', 3))
                 .arg(double(trace_->periodMs()) / 1000.0, 0, 'g', 4),
             false);
    emit changed();
    return true;
}

QString TraceChooser::infoText() const { return info_->text(); }

void TraceChooser::showInfo(const QString& text, bool error) {
    showsError_ = error;
    info_->setText(text);
    info_->setStyleSheet(error ? QStringLiteral("color: #b00020;")
                               : QStringLiteral("color: #555;"));
}

}  // namespace pieslicer::ui
