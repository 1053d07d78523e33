#pragma once
// Scatter markers as a line series with no line and one image per point ("light markers",
// Qt 6.2). Qt Charts 6.4's QScatterSeries keeps a graphics item per point, even when light
// markers paint them: creating them costs about 10 µs each and grows faster than the points
// (1,700 took 21 ms of the GUI thread), and every time a chart is first drawn or gains
// points, that was the longest stall of a study-sized run (issue #15). A line series paints
// the same images from its points alone.
#include <QColor>

class QChart;
class QLineSeries;
class QXYSeries;

namespace pieslicer::ui {

enum class MarkerShape { Circle, Triangle };

// A series that draws its points as `shape` markers of `size` px: filled with `fill`
// (transparent: hollow) and outlined in `border`, with no line between them.
QLineSeries* newMarkerSeries(MarkerShape shape, int size, const QColor& fill, const QColor& border,
                             qreal borderWidth = 1.0);

// Once `series` is in `chart`: its legend entry shows the marker, not the (absent) line.
void showMarkerInLegend(QChart* chart, QXYSeries* series);

}  // namespace pieslicer::ui
