#pragma once
// Base of every chart: a QChartView with a fixed look, coalesced refreshes (at most
// one redraw per ~33 ms frame), an inline message when there is nothing to show, and
// export to PNG, SVG and PDF at a fixed size so files do not depend on the window.
#include <QColor>
#include <QElapsedTimer>
#include <QPen>
#include <QPicture>
#include <QSize>
#include <QString>
#include <QTimer>
#include <QWidget>

class QChart;
class QChartView;
class QLabel;
class QAbstractAxis;
class QValueAxis;
class QPaintDevice;

namespace pieslicer::ui {

class ChartPanel : public QWidget {
    Q_OBJECT
  public:
    ChartPanel(const QString& id, const QString& title, QWidget* parent = nullptr);
    ~ChartPanel() override;

    QString id() const { return id_; }  // file base name for exports
    QString title() const { return title_; }
    // A note after the title, on screen and in exports ("replayed, not measured"); empty:
    // the title alone.
    void setTitleNote(const QString& note);
    QString titleNote() const { return titleNote_; }

    static QSize exportSize() { return {1200, 700}; }
    // Format from the suffix: .png (2x pixel ratio), .svg, .pdf (300 dpi). Atomic write.
    bool exportTo(const QString& path, QString* error = nullptr);
    // A PNG of the chart as exported, for tests.
    QImage renderImage(const QSize& size, qreal pixelRatio = 1.0);
    // The chart laid out at exportSize() and recorded as paint commands: the GUI thread's
    // part of an export (recording is cheap next to rasterizing, SVG or PDF), the rest
    // writeChartPicture() does on any thread.
    QPicture recordForExport();

    // Redraw now (tests, exports); otherwise refreshes are coalesced.
    void refreshNow();
    int refreshCount() const { return refreshCount_; }
    // Least time between two redraws of one chart while data streams in: a Qt Charts redraw
    // (re-stroking every line series, re-laying out the axes) costs 5-15 ms of GUI thread,
    // so a chart redrawn on every batch made the Live tab's p99 event-loop gap (issue #15).
    static constexpr int kMinRefreshSpacingMs = 250;

    static QColor seriesColor(const QString& key);

  protected:
    void showEvent(QShowEvent* e) override;
    QChart* chart() const { return chart_; }
    QChartView* view() const { return view_; }
    void scheduleRefresh();
    virtual void refresh() = 0;
    // Shows `text` over the chart (empty hides it).
    void setMessage(const QString& text);
    // Grows an axis maximum in steps with headroom (setRange re-maps every point).
    static void growRange(QValueAxis* axis, double minValue, double maxValue);
    // Sets [lo, hi] and kFitHeadroom more, with nice numbers, unless the axis' range already
    // holds [lo, hi] and the data span fills more than kFitFill of it: while data streams
    // in, a range moves rarely (each change re-maps and re-strokes every series on the
    // axis, issue #15). Returns whether it moved.
    static constexpr double kFitFill = 0.5;
    static constexpr double kFitHeadroom = 0.2;
    static bool fitRange(QValueAxis* axis, double lo, double hi);
    // linePointBudget() of this chart's plot area (the view's width before the first layout).
    int linePointBudget() const;
    // A pen for a line series with thousands of points redrawn while data streams in: one
    // pixel wide whatever the zoom (cosmetic), which the raster engine draws without
    // stroking a path (a wider pen is stroked into a polygon on every paint).
    static QPen densePen(const QColor& color);

  private:
    QRectF layoutForExport(const QSize& size);  // returns the geometry to restore
    // The chart laid out at `size` and painted on `device`, then put back as it was.
    void drawForExport(QPaintDevice* device, const QSize& size);

    QString id_;
    QString title_;
    QString titleNote_;
    QChart* chart_ = nullptr;
    QChartView* view_ = nullptr;
    QLabel* message_ = nullptr;
    void enqueueRefresh();

    QTimer frame_;  // holds back a refresh asked for sooner than kMinRefreshSpacingMs
    QElapsedTimer sinceRefresh_;
    int refreshCount_ = 0;
    bool staleWhileHidden_ = false;  // hidden charts skip redraws until shown
};

// A chart recorded by recordForExport() written as `path`'s format: .png (2x pixel ratio),
// .svg, .pdf (300 dpi); atomic. Uses no widget, so a worker may call it.
bool writeChartPicture(const QPicture& picture, const QString& title, const QString& path,
                       QString* error = nullptr);

// The most points a line series is handed for a plot `plotWidthPx` wide: one per 2 px
// (issue #15: Qt Charts strokes every line series' whole path into a shape on each replace
// and each axis range change, so the GUI thread's cost grows with the points, not the
// pixels); never under kMinLinePoints.
constexpr int kMinLinePoints = 100;
int linePointBudget(double plotWidthPx);

// Downsampling for line series of x-sorted points: at most `maxPoints` points, the lowest
// and highest of each of maxPoints / 2 equal x ranges in x order (so spikes survive), plus
// the first and last point. Fewer points are returned as they are.
QList<QPointF> downsampleMinMax(const QList<QPointF>& points, int maxPoints);

}  // namespace pieslicer::ui
