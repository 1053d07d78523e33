#include "charts/heatmap_widget.h"

#include <QFontMetrics>
#include <QPainter>
#include <QSaveFile>
#include <algorithm>
#include <cmath>

namespace pieslicer::ui {
namespace {

// A colour-blind-safe diverging pair (ColorBrewer RdYlBu, its lighter steps, so dark text
// reads on every cell) around a light neutral.
const QColor kBad(244, 109, 67), kNeutral(247, 247, 247), kGood(116, 173, 209);
const QColor kBlank(225, 225, 225);

QColor mix(const QColor& a, const QColor& b, double t) {
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                            float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

}  // namespace

HeatmapWidget::HeatmapWidget(const QString& id, const QString& title, QWidget* parent)
    : QWidget(parent), id_(id), title_(title) {
    setObjectName(id);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void HeatmapWidget::setGrid(const QStringList& rows, const QStringList& columns,
                            std::vector<std::vector<HeatmapCell>> cells,
                            const HeatmapScale& scale) {
    rows_ = rows;
    columns_ = columns;
    cells_ = std::move(cells);
    scale_ = scale;
    updateGeometry();
    update();
}

HeatmapCell HeatmapWidget::cell(int row, int column) const {
    if (row < 0 || column < 0 || std::size_t(row) >= cells_.size() ||
        std::size_t(column) >= cells_[std::size_t(row)].size())
        return {};
    return cells_[std::size_t(row)][std::size_t(column)];
}

QColor HeatmapWidget::colourOf(const HeatmapCell& c) const {
    if (!c.has) return kBlank;
    if (c.muted) return kNeutral;
    const double span = scale_.hi - scale_.lo;
    switch (scale_.kind) {
        case HeatmapScale::Kind::Diverging: {
            const double reach = std::max(std::abs(scale_.hi), 1e-9);
            const double t = c.value / reach;
            return t >= 0 ? mix(kNeutral, kGood, t) : mix(kNeutral, kBad, -t);
        }
        case HeatmapScale::Kind::HigherIsBetter:
            return mix(kBad, kGood, span > 0 ? (c.value - scale_.lo) / span : 1);
        case HeatmapScale::Kind::LowerIsBetter:
            return mix(kGood, kBad, span > 0 ? (c.value - scale_.lo) / span : 0);
    }
    return kBlank;
}

void HeatmapWidget::paint(QPainter& p, const QRect& area, const QFont& base) const {
    p.fillRect(area, palette().base());
    p.setPen(palette().text().color());
    QFont titleFont = base;
    titleFont.setBold(true);
    p.setFont(titleFont);
    const int titleH = QFontMetrics(titleFont).height() + 8;
    p.drawText(area.adjusted(6, 4, -6, 0), Qt::AlignLeft | Qt::AlignTop, title_);
    p.setFont(base);
    if (rows_.isEmpty() || columns_.isEmpty()) {
        p.drawText(area, Qt::AlignCenter, tr("Run a sweep to fill this map"));
        return;
    }
    const QFontMetrics fm(base);
    int labelW = 0;
    for (const auto& r : rows_) labelW = std::max(labelW, fm.horizontalAdvance(r));
    labelW = std::min(labelW + 12, area.width() / 3);
    const int headerH = fm.height() + 6;
    const QRect grid(area.left() + labelW, area.top() + titleH + headerH, area.width() - labelW - 6,
                     area.height() - titleH - headerH - 6);
    const double cw = double(grid.width()) / columns_.size();
    const double ch = double(grid.height()) / rows_.size();
    for (int c = 0; c < columns_.size(); ++c)
        p.drawText(QRectF(grid.left() + c * cw, area.top() + titleH, cw, headerH), Qt::AlignCenter,
                   fm.elidedText(columns_[c], Qt::ElideRight, int(cw) - 4));
    for (int r = 0; r < rows_.size(); ++r) {
        p.drawText(QRectF(area.left() + 4, grid.top() + r * ch, labelW - 8, ch),
                   Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(rows_[r], Qt::ElideRight, labelW - 8));
        for (int c = 0; c < columns_.size(); ++c) {
            const QRectF box(grid.left() + c * cw, grid.top() + r * ch, cw, ch);
            const HeatmapCell v = cell(r, c);
            p.fillRect(box.adjusted(1, 1, -1, -1), colourOf(v));
            p.setPen(QColor(30, 30, 30));  // dark text reads on every colour of the scale
            p.drawText(box.adjusted(3, 2, -3, -2), Qt::AlignCenter | Qt::TextWordWrap,
                       v.has ? v.text : QStringLiteral("-"));
        }
    }
    p.setPen(palette().text().color());
}

void HeatmapWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    paint(p, rect(), font());
}

QImage HeatmapWidget::renderImage(const QSize& size, qreal pixelRatio) const {
    QImage image(size * pixelRatio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(pixelRatio);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 1.4);  // legible at the export's size
    paint(p, QRect(QPoint(0, 0), size), f);
    return image;
}

bool HeatmapWidget::exportPng(const QString& path, QString* error) const {
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && renderImage(exportSize(), 2.0).save(&file, "PNG") &&
        file.commit())
        return true;
    if (error) *error = tr("cannot write %1: %2").arg(path, file.errorString());
    return false;
}

}  // namespace pieslicer::ui
