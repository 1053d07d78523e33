#include "charts/chart_panel.h"

#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QFileInfo>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QHash>
#include <QLabel>
#include <QLegend>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "domain/placement.h"
#include "domain/strategy_ids.h"
#include "run/gui_work_queue.h"

namespace pieslicer::ui {

ChartPanel::ChartPanel(const QString& id, const QString& title, QWidget* parent)
    : QWidget(parent), id_(id), title_(title) {
    setObjectName(id);
    chart_ = new QChart;
    chart_->setTitle(title);
    chart_->setAnimationOptions(QChart::NoAnimation);
    chart_->legend()->setAlignment(Qt::AlignBottom);
    chart_->setMargins(QMargins(6, 6, 6, 6));
    QFont tf = chart_->titleFont();
    tf.setBold(true);
    tf.setPointSizeF(tf.pointSizeF() * 1.1);
    chart_->setTitleFont(tf);
    QFont lf = chart_->legend()->font();
    lf.setPointSizeF(lf.pointSizeF() * 0.85);  // long strategy names fit narrow charts
    chart_->legend()->setFont(lf);
    view_ = new QChartView(chart_, this);  // takes ownership of the chart
    view_->setRenderHint(QPainter::Antialiasing);
    // Less work per repaint (issue #15: the GUI thread's paint CPU in bench_ui_live about
    // halved); Qt Charts sizes its line items' bounding rects with the pen width (not checked
    // by eye for edge artifacts while streaming).
    view_->setOptimizationFlags(QGraphicsView::DontAdjustForAntialiasing |
                                QGraphicsView::DontSavePainterState);
    // A QScatterSeries (the link trace's dots) makes one graphics item per marker; a BSP
    // index over items that move on every replace() costs more than it saves.
    view_->scene()->setItemIndexMethod(QGraphicsScene::NoIndex);
    // Small enough that the Models tab's four charts in a row leave the window narrower than
    // a 1366 px laptop screen (at 320 px each the window could not be made under 1,793 px).
    view_->setMinimumSize(200, 200);
    message_ = new QLabel(view_);
    message_->setAlignment(Qt::AlignCenter);
    message_->setStyleSheet(
        "QLabel { color: #666; background: rgba(255,255,255,200); padding: 6px; }");
    message_->hide();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view_);
    frame_.setObjectName(id + ".spacing");
    frame_.setSingleShot(true);
    connect(&frame_, &QTimer::timeout, this, &ChartPanel::enqueueRefresh);
}

ChartPanel::~ChartPanel() { GuiWorkQueue::instance().remove(this); }

void ChartPanel::setTitleNote(const QString& note) {
    if (note == titleNote_) return;
    titleNote_ = note;
    chart_->setTitle(note.isEmpty() ? title_ : QString("%1 (%2)").arg(title_, note));
}

void ChartPanel::scheduleRefresh() {
    if (!isVisible()) {
        staleWhileHidden_ = true;
        return;
    }
    // The first redraw after a pause is at once (a shown tab, a zoom); later ones wait until
    // kMinRefreshSpacingMs after the last, however many batches arrived meanwhile.
    if (sinceRefresh_.isValid() && sinceRefresh_.elapsed() < kMinRefreshSpacingMs) {
        if (!frame_.isActive()) frame_.start(int(kMinRefreshSpacingMs - sinceRefresh_.elapsed()));
        return;
    }
    enqueueRefresh();
}

void ChartPanel::enqueueRefresh() {
    // One chart per turn of the event loop, never with a batch's delivery (GuiWorkQueue): a
    // redraw and the scene updates and layout it posts are 5-15 ms of GUI thread.
    GuiWorkQueue::instance().add(this, id_, [this] {
        if (isVisible())
            refreshNow();
        else
            staleWhileHidden_ = true;
    });
}

void ChartPanel::showEvent(QShowEvent* e) {
    QWidget::showEvent(e);
    if (staleWhileHidden_) scheduleRefresh();
}

void ChartPanel::refreshNow() {
    frame_.stop();
    GuiWorkQueue::instance().remove(this);
    staleWhileHidden_ = false;
    ++refreshCount_;
    refresh();
    sinceRefresh_.start();
}

void ChartPanel::setMessage(const QString& text) {
    message_->setText(text);
    message_->setVisible(!text.isEmpty());
    message_->adjustSize();
    message_->move((view_->width() - message_->width()) / 2,
                   (view_->height() - message_->height()) / 2);
}

void ChartPanel::growRange(QValueAxis* axis, double minValue, double maxValue) {
    if (!(maxValue > minValue)) maxValue = minValue + 1;
    const double span = maxValue - minValue;
    const double step = std::pow(10.0, std::floor(std::log10(span)));
    double hi = std::ceil(maxValue * 1.15 / step) * step;
    double lo = minValue >= 0 ? 0 : std::floor(minValue / step) * step;
    if (axis->max() >= maxValue && axis->max() <= hi * 2 && axis->min() == lo) return;
    axis->setRange(lo, hi);
}

QColor ChartPanel::seriesColor(const QString& key) {
    static const QHash<QString, QColor> fixed = {
        {strategy_id::kStaticDevice, QColor("#d1495b")},
        {strategy_id::kStaticCloud, QColor("#1f4e9c")},
        {locationName(Placement::Device), QColor("#d1495b")},
        {locationName(Placement::Cloud), QColor("#1f4e9c")},
        {strategy_id::kPieSlicer, QColor("#2a9d4b")},
        {strategy_id::kOracle, QColor("#7b3fa0")},
        {"image-1k", QColor("#888888")},
        {"model", QColor("#6b4226")},
    };
    if (fixed.contains(key)) return fixed.value(key);
    static const QColor cycle[] = {QColor("#e07b00"), QColor("#00798c"), QColor("#8c564b"),
                                   QColor("#e377c2"), QColor("#7f7f7f"), QColor("#bcbd22")};
    return cycle[qHash(key) % 6];
}

QRectF ChartPanel::layoutForExport(const QSize& size) {
    const QRectF old = chart_->geometry();
    chart_->resize(size);
    refreshNow();
    // Axes and series added by refresh() are laid out on posted LayoutRequest events;
    // without this they render at the on-screen geometry (a small ghost chart).
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    if (chart_->layout()) chart_->layout()->activate();
    return old;
}

void ChartPanel::drawForExport(QPaintDevice* device, const QSize& size) {
    const QRectF old = layoutForExport(size);
    {
        QPainter p(device);
        p.setRenderHint(QPainter::Antialiasing);
        chart_->scene()->render(&p, QRectF(QPointF(0, 0), QSizeF(size)),
                                chart_->sceneBoundingRect());
    }
    chart_->setGeometry(old);
}

QImage ChartPanel::renderImage(const QSize& size, qreal pixelRatio) {
    QImage image(size * pixelRatio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(pixelRatio);
    image.fill(Qt::white);
    drawForExport(&image, size);
    return image;
}

QPicture ChartPanel::recordForExport() {
    const QSize size = exportSize();
    QPicture picture;
    picture.setBoundingRect(QRect(QPoint(0, 0), size));
    drawForExport(&picture, size);
    return picture;
}

bool ChartPanel::exportTo(const QString& path, QString* error) {
    return writeChartPicture(recordForExport(), title_, path, error);
}

bool writeChartPicture(const QPicture& picture, const QString& title, const QString& path,
                       QString* error) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QSize size = ChartPanel::exportSize();
    auto failed = [&](const QString& why) {
        if (error) *error = why;
        return false;
    };
    if (suffix != "png" && suffix != "svg" && suffix != "pdf")
        return failed(ChartPanel::tr("unknown export format '%1' (png, svg, pdf)").arg(suffix));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failed(ChartPanel::tr("cannot write %1: %2").arg(path, file.errorString()));
    if (suffix == "png") {
        QImage image(size * 2, QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(2.0);
        image.fill(Qt::white);
        {
            QPainter p(&image);
            p.setRenderHint(QPainter::Antialiasing);
            p.drawPicture(0, 0, picture);
        }
        if (!image.save(&file, "PNG")) {
            file.cancelWriting();
            return failed(ChartPanel::tr("PNG encoding failed for %1").arg(path));
        }
    } else if (suffix == "svg") {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        // QPicture plays back scaled by the device's resolution over the recording's (96 dpi,
        // a screen's): the SVG generator's 72 dpi drew everything at three quarters.
        svg.setResolution(96);
        svg.setTitle(title);
        svg.setDescription(ChartPanel::tr("PieSlicer Dashboard chart"));
        QPainter p(&svg);
        p.drawPicture(0, 0, picture);
    } else {
        QPdfWriter pdf(&file);
        pdf.setResolution(300);
        pdf.setTitle(title);
        pdf.setCreator("PieSlicer Dashboard");
        pdf.setPageSize(
            QPageSize(QSizeF(size.width() / 96.0, size.height() / 96.0), QPageSize::Inch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter p(&pdf);
        p.drawPicture(0, 0, picture);  // scaled to the page's 300 dpi by the playback
    }
    if (!file.commit())
        return failed(ChartPanel::tr("cannot write %1: %2").arg(path, file.errorString()));
    return true;
}

bool ChartPanel::fitRange(QValueAxis* axis, double lo, double hi) {
    if (!(hi > lo)) hi = lo + 1;
    const bool holds = axis->min() <= lo && axis->max() >= hi &&
                       (hi - lo) > kFitFill * (axis->max() - axis->min()) &&
                       (lo < 0 || axis->min() >= 0);
    if (holds) return false;
    axis->setRange(lo, hi + (hi - lo) * kFitHeadroom);
    axis->applyNiceNumbers();
    return true;
}

int linePointBudget(double plotWidthPx) { return std::max(kMinLinePoints, int(plotWidthPx / 2)); }

int ChartPanel::linePointBudget() const {
    const double plot = chart_->plotArea().width();
    return pieslicer::ui::linePointBudget(plot > 0 ? plot : view_->width());
}

QPen ChartPanel::densePen(const QColor& color) {
    QPen pen(color, 1.0);
    pen.setCosmetic(true);
    return pen;
}

QList<QPointF> downsampleMinMax(const QList<QPointF>& points, int maxPoints) {
    const int n = int(points.size());
    if (n <= maxPoints || maxPoints < 4) return points;
    // The first and last points are kept apart, so the line spans the same x range.
    const int buckets = (maxPoints - 2) / 2;
    QList<QPointF> out;
    out.reserve(maxPoints);
    out.append(points.front());
    const double x0 = points.front().x();
    const double x1 = points.back().x();
    const double width = (x1 - x0) / buckets;
    int i = 1;
    const int end = n - 1;
    for (int b = 0; b < buckets && i < end; ++b) {
        const double until = b == buckets - 1 ? x1 : x0 + width * (b + 1);
        const int first = i;
        int lo = i, hi = i;
        while (i < end && (points[i].x() < until || b == buckets - 1)) {
            if (points[i].y() < points[lo].y()) lo = i;
            if (points[i].y() > points[hi].y()) hi = i;
            ++i;
        }
        if (i == first) continue;
        out.append(points[std::min(lo, hi)]);
        if (lo != hi) out.append(points[std::max(lo, hi)]);
    }
    out.append(points.back());
    return out;
}

}  // namespace pieslicer::ui
