#include "charts/light_markers.h"

#include <QChart>
#include <QImage>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPainter>
#include <QPolygonF>

namespace pieslicer::ui {

QLineSeries* newMarkerSeries(MarkerShape shape, int size, const QColor& fill, const QColor& border,
                             qreal borderWidth) {
    // Twice the pixels, so the marker stays sharp in 2x exports.
    constexpr int kScale = 2;
    QImage image(size * kScale, size * kScale, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        p.scale(kScale, kScale);
        p.setPen(QPen(border, borderWidth));
        p.setBrush(fill);
        const qreal m = borderWidth / 2 + 0.5, e = size - m;
        if (shape == MarkerShape::Triangle)
            p.drawPolygon(QPolygonF{{m, e}, {e, e}, {size / 2.0, m}});
        else
            p.drawEllipse(QRectF(m, m, e - m, e - m));
    }
    auto* series = new QLineSeries;
    series->setPen(Qt::NoPen);  // the points, not a path through them
    series->setMarkerSize(size);
    series->setLightMarker(image);
    return series;
}

void showMarkerInLegend(QChart* chart, QXYSeries* series) {
    for (QLegendMarker* m : chart->legend()->markers(series))
        m->setShape(QLegend::MarkerShapeFromSeries);
}

}  // namespace pieslicer::ui
