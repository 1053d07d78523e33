#include "charts/heatmap_widget.h"

#include <QFontMetrics>
#include <QLinearGradient>
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

QStringList HeatmapWidget::legendEnds() const {
    if (rows_.isEmpty() || columns_.isEmpty()) return {};
    auto text = [](double v, bool sign) {
        return (sign && v > 0 ? QStringLiteral("+") : QString()) + QString::number(v, 'g', 3);
    };
    if (scale_.kind == HeatmapScale::Kind::Diverging)
        return {text(-std::abs(scale_.hi), true), text(std::abs(scale_.hi), true)};
    return {text(scale_.lo, false), text(scale_.hi, false)};
}

void HeatmapWidget::paintLegend(QPainter& p, const QRect& titleRow, const QFontMetrics& fm) const {
    const QStringList ends = legendEnds();
    if (ends.size() != 2) return;
    // Cells with the scale's two end values (and the middle, for a diverging scale).
    HeatmapCell lo{true, scale_.lo, {}, false}, mid{true, 0, {}, false},
        hi{true, scale_.hi, {}, false};
    if (scale_.kind == HeatmapScale::Kind::Diverging) lo.value = -std::abs(scale_.hi);
    const int rampW = 90, rampH = fm.height() - 4;
    const int hiW = fm.horizontalAdvance(ends[1]), loW = fm.horizontalAdvance(ends[0]);
    const int right = titleRow.right() - 6;
    const QRect ramp(right - hiW - 6 - rampW, titleRow.top() + 6, rampW, rampH);
    QLinearGradient g(ramp.topLeft(), ramp.topRight());
    g.setColorAt(0, colourOf(lo));
    if (scale_.kind == HeatmapScale::Kind::Diverging) g.setColorAt(0.5, colourOf(mid));
    g.setColorAt(1, colourOf(hi));
    p.fillRect(ramp, g);
    p.drawRect(ramp);
    const int baseline = ramp.top() + fm.ascent() - 2;
    p.drawText(ramp.right() + 6, baseline, ends[1]);
    p.drawText(ramp.left() - 6 - loW, baseline, ends[0]);
}

void HeatmapWidget::paint(QPainter& p, const QRect& area, const QFont& base) const {
    p.fillRect(area, palette().base());
    p.setPen(palette().text().color());
    QFont titleFont = base;
    titleFont.setBold(true);
    p.setFont(titleFont);
    const int titleH = QFontMetrics(titleFont).height() + 8;
    p.drawText(area.adjusted(6, 4, -6, 0), Qt::AlignLeft | Qt::AlignTop, title_);
    const int titleW = QFontMetrics(titleFont).horizontalAdvance(title_);
    p.setFont(base);
    // The legend where the title leaves room for it (always in the exported PNG).
    if (area.width() - titleW > 200)
        paintLegend(p, QRect(area.left(), area.top(), area.width(), titleH), QFontMetrics(base));
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
