#pragma once
// Base of every chart: a QChartView with a fixed look, coalesced refreshes (at most
// one redraw per ~33 ms frame), an inline message when there is nothing to show, and
// export to PNG, SVG and PDF at a fixed size so files do not depend on the window.
#include <QColor>
#include <QElapsedTimer>
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

// Downsampling for line series: keeps the first, min, max and last point of each of
// `buckets` x ranges, so shape and spikes survive with ~2 points per pixel column.
QList<QPointF> downsampleMinMax(const QList<QPointF>& points, int buckets);

}  // namespace pieslicer::ui
