#pragma once
// Pre-execution time per request as requests arrive: measured (solid) and predicted
// (pale) per strategy, and the uplink's true rate during each upload (a trace's rate
// then) on a second axis, so a link change and its effect show up together.
//
// At a study's scale (issue #15) it holds no point list: each series keeps an incremental
// min/max decimation of the whole run and the points of the last window() requests. It
// shows a sliding window that follows the newest request; the scroll bar under the chart
// goes back (read from setHistory()'s source at full resolution), "Whole run" shows it all.
#include <QHash>
#include <QList>
#include <QPointF>
#include <deque>
#include <functional>
#include <vector>

#include "charts/chart_panel.h"
#include "charts/min_max_decimator.h"
#include "domain/request_record.h"

class QCheckBox;
class QLineSeries;
class QScrollBar;
class QValueAxis;

namespace pieslicer::ui {

class LiveTimelineWidget : public ChartPanel {
    Q_OBJECT
  public:
    explicit LiveTimelineWidget(QWidget* parent = nullptr);
    void clear();
    // `firstIndex` is the request number of records[0].
    void addRecords(const std::vector<RequestRecord>& records, int firstIndex);
    int pointCount() const;             // points held (decimated history and the window)
    QList<QPointF> ratePoints() const;  // (request #, Mbit/s) of the whole run, decimated
    // Requests the sliding window spans; 0 shows the whole run.
    void setWindow(int requests);
    int window() const { return window_; }
    void setWholeRun(bool whole);
    // Where a scrolled-back window reads its records: (first index, count) -> records.
    using History = std::function<std::vector<RequestRecord>(int first, int count)>;
    void setHistory(History history) { history_ = std::move(history); }
    // Shows the window starting after request `first` (stops following the newest).
    void scrollTo(int first);
    bool following() const;
    QScrollBar* scrollBar() const { return scroll_; }
    // Points handed to the chart at the last redraw, over all series.
    int shownPoints() const { return shownPoints_; }
    // The rate a request's upload met: link_rate_mbps, or the configured rate in old records.
    static double uplinkRateMbps(const RequestRecord& r);

  protected:
    void refresh() override;

  private:
    struct Track {
        MinMaxDecimator all;
        std::deque<QPointF> recent;  // the last window_ requests
        QLineSeries* series = nullptr;
        bool dirty = false;
    };
    Track& track(const QString& key, const QString& label, const QColor& color, bool dashed,
                 bool rateAxis);
    // The points of record `r` at request number `x`: (series, y) through `add`,
    // creating series on the way.
    void pointsOf(const RequestRecord& r, double x, const std::function<void(Track&, double)>& add);
    void updateScrollBar();

    int window_ = 2000;
    bool whole_ = false;
    History history_;
    QScrollBar* scroll_ = nullptr;
    QCheckBox* wholeBox_ = nullptr;
    int shownPoints_ = 0;
    QHash<QString, Track> tracks_;
    QValueAxis* x_ = nullptr;
    QValueAxis* y_ = nullptr;
    QValueAxis* rate_ = nullptr;
    double xMax_ = 0, yMax_ = 0, rateMax_ = 0;
};

}  // namespace pieslicer::ui
