#include "charts/light_markers.h"

#include <QImage>
#include <QPainter>
#include <QPolygonF>
#include <QScatterSeries>

namespace pieslicer::ui {

void useLightMarkers(QScatterSeries* series, MarkerShape shape, int size, const QColor& fill,
                     const QColor& border, qreal borderWidth) {
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
    series->setMarkerSize(size);
    series->setLightMarker(image);
    series->setPointsVisible(false);  // the items Qt Charts still makes are not painted
}

}  // namespace pieslicer::ui
