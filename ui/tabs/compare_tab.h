#pragma once
// Strategies side by side: CDF of pre-execution time, p50/p90/p99, a score table
// (savings vs the statics, decision F1 and confusion matrix, regret, prediction
// error, the models run and the accuracy reached within the SLA), and pre-execution time
// against file size per order on a log axis.
#include <QFutureWatcher>
#include <QTimer>
#include <QWidget>
#include <array>
#include <map>
#include <memory>
#include <vector>

#include "charts/cdf_chart_widget.h"
#include "charts/xy_scatter_widget.h"
#include "model/model_use.h"
#include "model/running_scores.h"
#include "model/scoring.h"
#include "run/columnar_records.h"
#include "run/columnar_scoring.h"

class QTableWidget;

class QLabel;

namespace pieslicer::ui {

class RecordStore;

// Everything the tab shows, computed from the records on any thread (the bootstrap too:
// it resamples per-key aggregates, O(resamples x images)).
struct CompareData {
    std::vector<CdfSample> samples;
    XYGroup cloud, device;
    std::vector<StrategyScore> scores;
    std::vector<ModelUse> modelUse;  // per strategy: the models run, the accuracy in the SLA
    ScoringOptions options;          // what the scores were computed with
    quint64 generation = 0;
    std::size_t records = 0;  // how many records were scored
    double computeMs = 0;     // how long the worker took (0 when computed on the GUI thread)
    // The intervals' pass: only the scores (the charts stay as the pass of the same records
    // drew them).
    bool scoresOnly = false;
    // A live pass's scoring rows, shared with its cache (copied on write): the intervals'
    // pass scores these, not a second copy read from the columns.
    std::shared_ptr<const ScoringRows> rows;
};
// What a pass keeps for the next over the same store (issue #15): the scoring rows, each
// strategy's scores and sorted pre-execution times (RunningScores), the scatter's cells and
// the models' tallies, all extended by the rows appended since, not rebuilt. Only a pass
// with the bootstrap runs scoreRun() over every row.
struct CompareCache {
    ScoringRowsReader reader;
    std::size_t rows = 0;              // rows taken in
    RunningScores scores;              // also each strategy's sorted times (the CDFs)
    std::vector<std::size_t> counts;   // per strategy id: every ok value
    std::vector<std::uint32_t> order;  // strategy ids in order of their first ok row
    double maxMb = 0;                  // the scatter's x scale
    std::vector<char> cells;
    QList<QPointF> cloudPoints, devicePoints;
    // The models' sums per (strategy, model, weights) text ids, in order of appearance.
    struct ModelSums {
        std::array<std::uint32_t, 3> ids;
        std::size_t rows = 0, withinSla = 0;
        double accuracySum = 0, accuracyWithinSlaSum = 0;
    };
    std::vector<ModelSums> models;
    std::map<std::array<std::uint32_t, 3>, std::size_t> modelOf;
};
// From a snapshot of the store's columns; no RequestRecord is rebuilt. With a cache of an
// earlier pass over the same store, only the rows appended since are read.
CompareData computeCompare(const RecordColumnsView& view, const ScoringOptions& options = {});
CompareData computeCompare(const RecordColumnsView& view, const ScoringOptions& options,
                           CompareCache& cache);

// Only the scores, with the bootstrap when the options ask, of every record in `view`: what
// the intervals' pass computes once records have settled (no CDFs, cells or model sums,
// and no second copy of the live passes' cache).
CompareData computeScores(const RecordColumnsView& view, const ScoringOptions& options);
// The same of rows a live pass returned (CompareData::rows).
CompareData computeScores(const ScoringRows& rows, const ScoringOptions& options);

// While records arrive, a store of more than this many records x resamples is scored
// without the bootstrap (at a million records it takes seconds): point estimates follow
// the records, and the intervals of them all follow once they settle.
inline constexpr double kLiveBootstrapBudget = 2e7;
ScoringOptions liveScoringOptions(const ScoringOptions& options, std::size_t records);

class ChartPanel;
class CdfChartWidget;
class PercentileBarWidget;
class XYScatterWidget;

class CompareTab : public QWidget {
    Q_OBJECT
  public:
    explicit CompareTab(RecordStore* store, QWidget* parent = nullptr);
    QList<ChartPanel*> charts() const;
    QTableWidget* scoreTable() const { return table_; }
    // Recomputes everything from the store now, on the GUI thread (tests; a window uses
    // refresh()). Otherwise at most 5 times a second, on a worker.
    void updateNow();
    // Recomputes on a worker now, shown or not (end of a run, records replaced).
    void refresh();
    // Whether scores() are of every record in the store, with the current options.
    bool upToDate() const;
    // How long the last pass on a worker took, ms (for bench_ui_live).
    double lastPassMs() const { return lastPassMs_; }
    // The near-tie margin and the bootstrap; applies from the next update.
    void setScoringOptions(const ScoringOptions& options);
    const ScoringOptions& scoringOptions() const { return options_; }
    // The scores shown (of the last update), for exports.
    const std::vector<StrategyScore>& scores() const { return shown_; }

  signals:
    // Charts and table now show the first `records` records.
    void updated(qint64 records);

  protected:
    void showEvent(QShowEvent* e) override;

  private:
    void updateAsync();
    void startIntervals(std::shared_ptr<const ScoringRows> rows);
    void apply(const CompareData& d, quint64 generation);
    void fillTable(const CompareData& d);
    void showDevice(const std::vector<StrategyScore>& scores);

    RecordStore* store_;
    QFutureWatcher<CompareData> watcher_;
    // The live passes' cache (only they use it, one at a time); a new one when the store
    // is reset.
    std::shared_ptr<CompareCache> cache_ = std::make_shared<CompareCache>();
    QFutureWatcher<CompareData> intervals_;  // the full bootstrap once records settle
    quint64 generation_ = 0, applied_ = 0;
    bool again_ = false;
    bool stale_ = false;  // records arrived while hidden
    QTimer throttle_;
    CdfChartWidget* cdf_;
    PercentileBarWidget* bars_;
    XYScatterWidget* sizeTime_;
    QTableWidget* table_;
    QLabel* device_;  // the device measured, and a warning when predicted as another
    ScoringOptions options_;
    std::vector<StrategyScore> shown_;
    std::vector<ModelUse> shownModelUse_;  // of the last pass with charts (not the intervals')
    std::size_t shownRecords_ = 0;
    double lastPassMs_ = 0;
    ScoringOptions shownOptions_;
};

}  // namespace pieslicer::ui
