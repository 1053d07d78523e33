#pragma once
// A grid of coloured cells with text (a metric over two conditions: devices x uplinks),
// painted with QPainter (Qt Charts has no heatmap). Exports to PNG at a fixed size so the
// file does not depend on the window.
#include <QImage>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <vector>

namespace pieslicer::ui {

struct HeatmapCell {
    bool has = false;    // false: no value (drawn blank, "-")
    double value = 0;    // what the colour encodes
    QString text;        // what the cell says (value, interval, ...)
    bool muted = false;  // drawn neutral whatever the value (a difference not measured)
};

// How values map to colours.
struct HeatmapScale {
    enum class Kind { Diverging, HigherIsBetter, LowerIsBetter };
    Kind kind = Kind::HigherIsBetter;
    double lo = 0, hi = 1;  // Diverging: symmetric around 0 up to hi
};

class HeatmapWidget : public QWidget {
    Q_OBJECT
  public:
    HeatmapWidget(const QString& id, const QString& title, QWidget* parent = nullptr);

    QString id() const { return id_; }
    QString title() const { return title_; }
    void setGrid(const QStringList& rows, const QStringList& columns,
                 std::vector<std::vector<HeatmapCell>> cells, const HeatmapScale& scale);
    int rowCount() const { return int(rows_.size()); }
    int columnCount() const { return int(columns_.size()); }
    // The cell at (row, column); a blank one outside the grid.
    HeatmapCell cell(int row, int column) const;
    QColor colourOf(const HeatmapCell& c) const;
    // The colour scale's two ends as its legend labels them: {"0", "5"} for a regret map,
    // {"-14", "+14"} for a diverging one; empty without a grid.
    QStringList legendEnds() const;

    static QSize exportSize() { return {1200, 700}; }
    QImage renderImage(const QSize& size, qreal pixelRatio = 1.0) const;
    // PNG at exportSize() with a 2x pixel ratio, written atomically.
    bool exportPng(const QString& path, QString* error = nullptr) const;

    QSize sizeHint() const override { return {420, 90 + 60 * std::max(1, rowCount())}; }
    QSize minimumSizeHint() const override { return {260, 140}; }

  protected:
    void paintEvent(QPaintEvent*) override;

  private:
    void paint(QPainter& p, const QRect& area, const QFont& base) const;
    // The scale's ramp with its end values, right-aligned in the title row.
    void paintLegend(QPainter& p, const QRect& titleRow, const QFontMetrics& fm) const;

    QString id_, title_;
    QStringList rows_, columns_;
    std::vector<std::vector<HeatmapCell>> cells_;
    HeatmapScale scale_;
};

}  // namespace pieslicer::ui
