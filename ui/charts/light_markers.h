#pragma once
// Scatter markers painted as one image per point by the series itself ("light markers",
// Qt 6.2): Qt Charts 6.4 otherwise keeps a visible graphics item per point and, on every
// update, searches the series' points for each item's brush (quadratic in the points), which
// made the scatter charts the longest GUI-thread work of a study-sized run (issue #15).
#include <QColor>

class QScatterSeries;

namespace pieslicer::ui {

enum class MarkerShape { Circle, Triangle };

// Draws `series`' points as `shape` markers of `size` px: filled with `fill` (transparent:
// hollow) and outlined in `border`. The per-point items stay hidden.
void useLightMarkers(QScatterSeries* series, MarkerShape shape, int size, const QColor& fill,
                     const QColor& border, qreal borderWidth = 1.0);

}  // namespace pieslicer::ui
