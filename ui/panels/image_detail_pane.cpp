#include "panels/image_detail_pane.h"

#include <QBrush>
#include <QColor>
#include <QDir>
#include <QFileInfo>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QScrollBar>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <algorithm>

#include "run/record_store.h"
#include "run/strategy_catalog.h"
#include "run/thumbnail_cache.h"

namespace pieslicer::ui {
namespace {

// The rows of one image, from a snapshot of the store (on a worker).
std::vector<RequestRecord> recordsOfImage(const RecordColumnsView& view, const std::string& name) {
    static const int col = RecordColumnsView::columnOf("image_name_orig");
    std::vector<RequestRecord> rows;
    for (std::size_t r = 0; r < view.size(); ++r)
        if (view.text(r, std::size_t(col)) == name) rows.push_back(view.record(r));
    return rows;
}

QString ms(double v) { return QString::number(v, 'f', 1); }

QTableWidgetItem* cell(const QString& text, Qt::Alignment align = Qt::AlignRight) {
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(align | Qt::AlignVCenter);
    return item;
}

QString orientationText(int exif) {
    static const char* names[] = {"",
                                  "1 (upright)",
                                  "2 (mirrored)",
                                  "3 (upside down)",
                                  "4 (mirrored, upside down)",
                                  "5 (mirrored, quarter turn)",
                                  "6 (quarter turn right)",
                                  "7 (mirrored, quarter turn)",
                                  "8 (quarter turn left)"};
    return exif >= 1 && exif <= 8 ? QString::fromLatin1(names[exif]) : QString::number(exif);
}

// As tall as its header and rows (and a scroll bar when the columns are wider): refitted
// whenever a row or the header changes size, since rows laid out while the tab was hidden
// grow when shown (a table fitted before was cut to a sliver, its rows hidden).
void fitHeight(QTableWidget* t) {
    // The header's size hint, not its height: hidden, a header has no height yet.
    int h = t->horizontalHeader()->sizeHint().height() + 2 * t->frameWidth();
    for (int r = 0; r < t->rowCount(); ++r) h += t->rowHeight(r);
    // Room for the horizontal scroll bar when the columns are wider than the table.
    if (t->horizontalHeader()->length() > t->viewport()->width())
        h += t->horizontalScrollBar()->sizeHint().height();
    t->setMinimumHeight(std::min(h, 260));
    t->setMaximumHeight(h);
}

void fitTable(QTableWidget* t) {
    t->resizeColumnsToContents();
    fitHeight(t);
}

QTableWidget* newTable(const QString& objectName) {
    auto* t = new QTableWidget;
    t->setObjectName(objectName);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionMode(QAbstractItemView::NoSelection);
    t->setAlternatingRowColors(true);
    t->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->horizontalHeader()->setStretchLastSection(true);
    QObject::connect(t->verticalHeader(), &QHeaderView::sectionResized, t, [t] { fitHeight(t); });
    QObject::connect(t->horizontalHeader(), &QHeaderView::geometriesChanged, t,
                     [t] { fitHeight(t); });
    return t;
}

}  // namespace

ImageDetailPane::ImageDetailPane(ThumbnailCache* cache, QWidget* parent)
    : QWidget(parent), cache_(cache ? cache : new ThumbnailCache(this)) {
    thumbnail_ = new QLabel;
    thumbnail_->setObjectName("detailThumbnail");
    thumbnail_->setAlignment(Qt::AlignCenter);
    thumbnail_->setFixedSize(cache_->box() + QSize(4, 4));
    thumbnail_->setFrameShape(QFrame::StyledPanel);
    facts_ = new QLabel;
    facts_->setObjectName("detailFacts");
    facts_->setTextFormat(Qt::RichText);
    facts_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    facts_->setWordWrap(true);
    facts_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    stages_ = newTable("detailStages");
    stages_->setColumnCount(2);
    stages_->setHorizontalHeaderLabels({tr("Device-first"), tr("Cloud-first")});
    stages_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    stages_->setVerticalHeaderLabels({});
    stages_->setToolTip(
        tr("Measured stages of each order for this image, averaged over its measurements\n"
           "(rows of a paired run that share a measurement count once)."));
    verdicts_ = newTable("detailVerdicts");
    verdicts_->setColumnCount(6);
    verdicts_->setHorizontalHeaderLabels({tr("Strategy"), tr("Repeat"),
                                          tr("Predicted ms\ndevice / cloud"), tr("Chose"),
                                          tr("Measured\nms"), tr("Right?")});
    verdicts_->verticalHeader()->hide();
    verdicts_->setToolTip(
        tr("Right: the strategy chose the order that measured cheaper in the same repeat\n"
           "(the oracle's choice when it ran); wrong: the ms the other order would have saved."));

    auto* top = new QGridLayout;
    top->addWidget(thumbnail_, 0, 0);
    top->addWidget(facts_, 0, 1);
    top->setColumnStretch(1, 1);
    records_ = new QWidget;
    auto* measured = new QVBoxLayout(records_);
    measured->setContentsMargins(0, 0, 0, 0);
    measured->addWidget(new QLabel(tr("<b>Measured stages (ms)</b>")));
    measured->addWidget(stages_);
    measured->addWidget(new QLabel(tr("<b>Strategies</b>")));
    measured->addWidget(verdicts_);
    measured->addStretch(1);  // the tables keep their height; the space left goes below them
    noRecords_ = new QLabel;
    noRecords_->setObjectName("detailNoRecords");
    noRecords_->setWordWrap(true);
    noRecords_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(records_, 1);
    layout->addWidget(noRecords_, 1);

    connect(cache_, &ThumbnailCache::ready, this, [this](const QString& path) {
        if (!name_.isEmpty() && path == pathOf(name_)) showPreview();
    });
    connect(&watcher_, &QFutureWatcher<ImageBreakdown>::finished, this, [this] {
        if (watcher_.property("generation").toULongLong() != generation_) return startBreakdown();
        showBreakdown(watcher_.result());
    });
    refresh_.setSingleShot(true);
    refresh_.setInterval(500);
    connect(&refresh_, &QTimer::timeout, this, &ImageDetailPane::startBreakdown);
    showImage({});
}

void ImageDetailPane::setStore(RecordStore* store) {
    if (store_) disconnect(store_, nullptr, this, nullptr);
    store_ = store;
    if (!store_) return;
    connect(store_, &RecordStore::appended, this, [this] {
        if (!name_.isEmpty() && isVisible() && !refresh_.isActive()) refresh_.start();
    });
    connect(store_, &RecordStore::reset, this, &ImageDetailPane::startBreakdown);
}

QString ImageDetailPane::pathOf(const QString& name) const {
    if (QFileInfo(name).isAbsolute() || folder_.isEmpty()) return QDir::cleanPath(name);
    return QDir::cleanPath(QDir(folder_).filePath(name));
}

void ImageDetailPane::showImage(const QString& name) {
    name_ = name;
    breakdown_ = ImageBreakdown{};
    stages_->setRowCount(0);
    verdicts_->setRowCount(0);
    records_->hide();
    noRecords_->setText(store_ && !name.isEmpty() ? tr("Reading the records ...") : QString());
    noRecords_->show();
    if (name.isEmpty()) {
        thumbnail_->setPixmap({});
        thumbnail_->setText(tr("Select an image\nor a record"));
        facts_->clear();
        return;
    }
    showPreview();
    startBreakdown();
}

void ImageDetailPane::showPreview() {
    const QString path = pathOf(name_);
    const ImagePreview* p = cache_->find(path);
    if (!p) {
        thumbnail_->setPixmap({});
        thumbnail_->setText(QFileInfo::exists(path) ? tr("loading ...") : tr("file not found"));
        if (QFileInfo::exists(path)) cache_->request(path);
    } else if (p->thumbnail.isNull()) {
        thumbnail_->setPixmap({});
        thumbnail_->setText(tr("no thumbnail:\n%1").arg(p->thumbnailError));
    } else {
        thumbnail_->setPixmap(QPixmap::fromImage(p->thumbnail));
    }
    showFacts();
}

// The file's header when it has been read, else what the records say of the original.
void ImageDetailPane::showFacts() {
    const ImagePreview* p = cache_->find(pathOf(name_));
    const QLocale loc;
    const QString notJpeg = tr("- (not a JPEG)");
    QString format, dims, bytes, quality, progressive, orientation, note;
    auto jpegQuality = [&](double step) {
        return tr("about %1 (mean luma quantisation step %2)")
            .arg(estimateJpegQuality(step))
            .arg(step, 0, 'f', 2);
    };
    auto dimensions = [](int w, int h) {
        return QString("%1 x %2 (%3 MP)").arg(w).arg(h).arg(double(w) * h / 1e6, 0, 'f', 1);
    };
    if (p && p->facts.width > 0) {
        const ImageInfo& i = p->facts.info;
        const bool jpeg = i.format == ImageFormat::Jpeg;
        format = p->facts.format.toUpper();
        dims = dimensions(i.width, i.height);
        bytes = loc.formattedDataSize(p->facts.bytes);
        quality = jpeg ? jpegQuality(i.jpegQuantStep) : notJpeg;
        progressive = jpeg ? (i.progressive ? tr("yes") : tr("no (baseline)"))
                      : i.format == ImageFormat::Png
                          ? (i.progressive ? tr("interlaced (Adam7)") : tr("no (not interlaced)"))
                          : tr("-");
        orientation = jpeg ? orientationText(i.exifOrientation) : notJpeg;
        if (!p->facts.ok()) note = p->facts.status;
    } else if (breakdown_.width > 0) {
        const bool jpeg = breakdown_.quantStep > 0;
        format = QString::fromStdString(breakdown_.format).toUpper();
        dims = dimensions(breakdown_.width, breakdown_.height);
        bytes = loc.formattedDataSize(qint64(breakdown_.bytes));
        quality = jpeg ? jpegQuality(breakdown_.quantStep) : tr("-");
        // The records' orig_progressive is a PNG's interlacing (ImageInfo::progressive).
        const bool png = breakdown_.format == "png";
        progressive =
            breakdown_.progressive ? (png ? tr("interlaced (Adam7)") : tr("yes")) : tr("no");
        orientation = tr("unknown");
        note =
            p ? p->facts.status : tr("from the records: the file is not at %1").arg(pathOf(name_));
    } else if (p) {
        note = p->facts.status;
    }
    facts_->setText(
        tr("<b>%1</b><table cellspacing='2'>"
           "<tr><td>Format&nbsp;</td><td>%2</td></tr>"
           "<tr><td>Dimensions&nbsp;</td><td>%3</td></tr>"
           "<tr><td>File size&nbsp;</td><td>%4</td></tr>"
           "<tr><td>JPEG quality&nbsp;</td><td>%5</td></tr>"
           "<tr><td>Progressive&nbsp;</td><td>%6</td></tr>"
           "<tr><td>EXIF orientation&nbsp;</td><td>%7</td></tr></table>%8")
            .arg(name_.toHtmlEscaped(), format, dims, bytes, quality, progressive, orientation,
                 note.isEmpty()
                     ? QString()
                     : QString("<span style='color:#b00020'>%1</span>").arg(note.toHtmlEscaped())));
}

void ImageDetailPane::startBreakdown() {
    if (name_.isEmpty() || !store_) return;
    ++generation_;
    if (watcher_.isRunning()) return;  // its finish starts the newest
    watcher_.setProperty("generation", generation_);
    watcher_.setFuture(QtConcurrent::run([view = store_->view(), name = name_.toStdString()] {
        return breakdownOfImage(recordsOfImage(view, name));
    }));
}

void ImageDetailPane::showBreakdown(const ImageBreakdown& b) {
    breakdown_ = b;
    const OrderStages& d = b.byOrder[int(Placement::Device)];
    const OrderStages& c = b.byOrder[int(Placement::Cloud)];
    const QString none = QStringLiteral("-");
    auto or_ = [&](const OrderStages& s, double v) { return s.measurements ? ms(v) : none; };
    const QStringList rows = {tr("On-device preprocessing"), tr("Upload"),     tr("Cloud work"),
                              tr("Pre-execution total"),     tr("Bytes sent"), tr("Measurements")};
    stages_->setRowCount(int(rows.size()));
    stages_->setVerticalHeaderLabels(rows);
    QLocale loc;
    const OrderStages* orders[2] = {&d, &c};
    for (int k = 0; k < 2; ++k) {
        const OrderStages& s = *orders[k];
        stages_->setItem(0, k,
                         cell(k == 1 && s.measurements ? tr("none") : or_(s, s.devicePrepMs)));
        stages_->setItem(1, k,
                         cell(s.measurements ? tr("%1 (%2)").arg(ms(s.uploadMs),
                                                                 k == 0 ? tr("s'") : tr("original"))
                                             : none));
        stages_->setItem(
            2, k,
            cell(s.measurements
                     ? tr("%1 (%2)").arg(ms(s.cloudMs), k == 0 ? tr("rest") : tr("preprocessing"))
                     : none));
        auto* total = cell(or_(s, s.totalMs));
        if (b.cheaper &&
            int(*b.cheaper) == (k == 0 ? int(Placement::Device) : int(Placement::Cloud))) {
            QFont f = total->font();
            f.setBold(true);
            total->setFont(f);
            total->setToolTip(tr("the cheaper order"));
        }
        stages_->setItem(3, k, total);
        stages_->setItem(4, k,
                         cell(s.measurements ? loc.formattedDataSize(qint64(s.sentBytes)) : none));
        stages_->setItem(5, k, cell(QString::number(s.measurements)));
    }
    fitTable(stages_);
    showFacts();  // the records' facts, if the file was not read

    const bool any = !b.verdicts.empty();
    records_->setVisible(any);
    noRecords_->setVisible(!any || b.errors > 0);
    noRecords_->setText(
        !any && b.errors == 0 ? tr("No records of this image yet: run it, or open an experiment.")
        : b.errors > 0
            ? tr("%n error row(s) of this image (see the Results tab).", "", int(b.errors))
            : QString());
    verdicts_->setRowCount(int(b.verdicts.size()));
    int lastRepeat = 0;
    for (int i = 0; i < int(b.verdicts.size()); ++i) {
        const auto& v = b.verdicts[std::size_t(i)];
        lastRepeat = std::max(lastRepeat, v.repeat);
        const bool predicted = v.predictedDeviceMs > 0 || v.predictedCloudMs > 0;
        const QString choice =
            v.choice == Placement::Device ? tr("device-first") : tr("cloud-first");
        QString verdict = none;
        if (v.right) verdict = *v.right ? tr("right") : tr("wrong (+%1 ms)").arg(ms(v.lostMs));
        auto* verdictItem = cell(verdict, Qt::AlignLeft);
        if (v.right) verdictItem->setForeground(*v.right ? QColor("#1b7a2f") : QColor("#b00020"));
        verdicts_->setItem(i, Strategy,
                           cell(strategyLabel(QString::fromStdString(v.strategy)), Qt::AlignLeft));
        verdicts_->setItem(i, Repeat, cell(QString::number(v.repeat)));
        verdicts_->setItem(
            i, Predicted,
            cell(predicted ? QString("%1 / %2").arg(ms(v.predictedDeviceMs), ms(v.predictedCloudMs))
                           : none));
        verdicts_->setItem(i, Choice, cell(choice, Qt::AlignLeft));
        verdicts_->setItem(i, Measured, cell(ms(v.measuredMs)));
        verdicts_->setItem(i, Verdict, verdictItem);
    }
    verdicts_->setColumnHidden(Repeat, lastRepeat == 0);  // one repeat: nothing to tell apart
    // Every strategy's row in view (up to about ten): squeezed by the charts below, the table
    // showed two rows of four behind a scroll bar.
    fitTable(verdicts_);
    emit breakdownShown();
}

bool ImageDetailPane::hasThumbnail() const { return !thumbnail_->pixmap().isNull(); }

QString ImageDetailPane::factsText() const { return facts_->text(); }

}  // namespace pieslicer::ui
