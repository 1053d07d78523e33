#include "tabs/compare_tab.h"

#include <QElapsedTimer>
#include <QHeaderView>
#include <QLabel>
#include <QMap>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "charts/cdf_chart_widget.h"
#include "charts/percentile_bar_widget.h"
#include "charts/xy_scatter_widget.h"
#include "domain/strategy_ids.h"
#include "model/scoring.h"
#include "run/analysis_pool.h"
#include "run/columnar_scoring.h"
#include "run/record_store.h"
#include "run/strategy_catalog.h"

namespace pieslicer::ui {

namespace {
// Live passes start at most this often. A pass extending the cache by a batch takes a few
// ms even at a million records (130-180 ms when every row was scored again, with 250 ms
// then); the tab is up to date within about this much of the last record. Not less: each
// pass's charts and table cost the GUI thread (at 150 ms the Compare tab's p99 gap during a
// burst of a million was 32 ms, against 7.5 ms at 250).
constexpr int kPassSpacingMs = 200;
}  // namespace

CompareTab::CompareTab(RecordStore* store, QWidget* parent) : QWidget(parent), store_(store) {
    cdf_ = new CdfChartWidget("compare_preexecution_cdf", tr("Pre-execution time per strategy"),
                              tr("Pre-execution time (ms, log scale)"));
    cdf_->setLogX(true);
    bars_ = new PercentileBarWidget;
    sizeTime_ = new XYScatterWidget("compare_time_vs_file_size", tr("Pre-execution time by order"),
                                    tr("Original file size (MB)"), tr("Pre-execution time (ms)"));
    sizeTime_->setLogY(true);
    table_ = new QTableWidget;
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);
    // A column per strategy, a row per statistic: twenty statistics side by side did not
    // fit (the savings were off to the right or cut), a handful of strategies do. Every
    // column is as wide as its longest cell, whatever arrives later (sized once, the
    // savings of a long run were cut).
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    table_->setToolTip(
        tr("Savings: positive = faster than that static strategy on the same images; \"no\n"
           "difference measured\" when the 95% bootstrap interval of the ms saved holds zero.\n"
           "F1 and confusion matrix: on-device is the positive class, judged against the oracle\n"
           "(or the faster static row when no oracle ran). Decisive F1: over the images whose\n"
           "two orders differ by more than the margin (10% of the faster by default); the rest\n"
           "are near-ties. Regret: ms lost on wrong choices, and as % of the oracle's total.\n"
           "Prediction error: |predicted - measured| / measured of the chosen order.\n"
           "Models: those the endpoint ran (with --route modipick, the most accurate that fit\n"
           "what the SLA left); top-1 is their published ImageNet accuracy (the weights here\n"
           "are random: real compute, not real labels); \"top-1 within SLA\" counts a late\n"
           "answer as 0, so pre-execution time saved shows as accuracy gained.\n"
           "Intervals: 95%, bootstrap over the images (1,000 resamples, fixed seed)."));
    auto* top = new QSplitter(Qt::Horizontal);
    top->addWidget(cdf_);
    top->addWidget(bars_);
    top->addWidget(sizeTime_);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(top);
    split->addWidget(table_);  // the whole width: every strategy's column in view
    device_ = new QLabel;
    device_->setObjectName("compareDevice");
    device_->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(device_);
    layout->addWidget(split);
    throttle_.setObjectName("compare.passSpacing");  // named in event-loop traces
    throttle_.setSingleShot(true);
    throttle_.setInterval(kPassSpacingMs);
    connect(&throttle_, &QTimer::timeout, this, [this] { updateAsync(); });
    connect(&watcher_, &QFutureWatcher<CompareData>::finished, this, [this] {
        const CompareData d = watcher_.result();
        apply(d, d.generation);
        if (again_) {
            // Records came during the pass: the next starts kPassSpacingMs after this one
            // started (at once when the pass took longer), so the tab is at most about two
            // passes behind the last record, and a worker is not kept busy back to back.
            again_ = false;
            throttle_.start(std::max(0, kPassSpacingMs - int(d.computeMs)));
        } else if (d.options.bootstrap.resamples != options_.bootstrap.resamples &&
                   !throttle_.isActive() && d.records == store_->size()) {
            // The records have settled (none since this pass, no pass waiting): now the
            // bootstrap of them all. While they stream, a pass that ends before the next
            // batch's throttle fires had started it each time, a second of both cores
            // at a study's size, and the GUI thread waited for a core.
            startIntervals(d.rows);
        }
    });
    connect(&intervals_, &QFutureWatcher<CompareData>::finished, this, [this] {
        const CompareData d = intervals_.result();
        apply(d, d.generation);  // dropped when a newer pass landed meanwhile
    });
    connect(store_, &RecordStore::appended, this, [this] {
        if (!isVisible())
            stale_ = true;  // scoring thousands of rows nobody looks at would only stall the GUI
        else if (!throttle_.isActive())
            throttle_.start();
    });
    connect(store_, &RecordStore::reset, this, [this] {
        cache_ = std::make_shared<CompareCache>();  // a pass still running keeps the old one
        refresh();
    });
}

void CompareTab::showEvent(QShowEvent* e) {
    QWidget::showEvent(e);
    if (stale_) {  // on a worker: a study's records take seconds to score
        stale_ = false;
        updateAsync();
    }
}

QList<ChartPanel*> CompareTab::charts() const { return {cdf_, bars_, sizeTime_}; }

namespace {

// Which models each strategy ran, read from the columns: the rows since the last pass
// summed per strategy, model and weights by their text ids (no string per row), groups in
// order of first appearance.
std::vector<ModelUse> modelUse(const RecordColumnsView& view, std::size_t from,
                               CompareCache& cache) {
    static const auto col = [](const char* name) {
        return std::size_t(RecordColumnsView::columnOf(name));
    };
    static const std::size_t strategy = col("strategy"), model = col("model_name"),
                             weights = col("model_weights"), accuracy = col("model_accuracy"),
                             total = col("time_total"), sla = col("sla_target");
    for (std::size_t i = from; i < view.size(); ++i) {
        if (!view.ok(i)) continue;
        const std::array<std::uint32_t, 3> ids{view.textId(i, strategy), view.textId(i, model),
                                               view.textId(i, weights)};
        const auto [it, added] = cache.modelOf.try_emplace(ids, cache.models.size());
        if (added) cache.models.push_back({ids});
        CompareCache::ModelSums& g = cache.models[it->second];
        const double acc = view.number(i, accuracy);
        ++g.rows;
        g.accuracySum += acc;
        if (view.number(i, total) <= view.number(i, sla)) {
            ++g.withinSla;
            g.accuracyWithinSlaSum += acc;
        }
    }
    ModelUseTally tally;
    for (const CompareCache::ModelSums& g : cache.models)
        tally.add({view.textOf(strategy, g.ids[0]), view.textOf(model, g.ids[1]),
                   view.textOf(weights, g.ids[2]), g.rows, g.accuracySum, g.withinSla,
                   g.accuracyWithinSlaSum});
    return std::move(tally).finish();
}

// One marker per cell of a 150 x 20-per-decade (log y) grid, on-device and in-cloud apart:
// Qt Charts makes a graphics item per scatter point, and thousands of overlapping ones show
// nothing more. A bitmap of cells, not a hash set (a million inserts were a tenth of a pass).
constexpr int kXCells = 151, kYCells = 160;  // y: 0.1 ms to 10^7 ms

void addToCells(CompareCache& c, double mb, const ScoringRow& r) {
    const bool local = r.device;
    const int x = std::clamp(int(mb / std::max(1e-9, c.maxMb / 150.0)), 0, kXCells - 1);
    const int y = std::clamp(int(std::floor(std::log10(std::max(0.1, r.preexecution)) * 20.0)) + 20,
                             0, kYCells - 1);
    char& cell = c.cells[(std::size_t(x) * kYCells + std::size_t(y)) * 2 + local];
    if (!cell) {
        cell = 1;
        (local ? c.devicePoints : c.cloudPoints).append({mb, r.preexecution});
    }
}

}  // namespace

CompareData computeCompare(const RecordColumnsView& view, const ScoringOptions& options) {
    CompareCache fresh;
    return computeCompare(view, options, fresh);
}

CompareData computeCompare(const RecordColumnsView& view, const ScoringOptions& options,
                           CompareCache& cache) {
    static const std::size_t sizeCol = std::size_t(RecordColumnsView::columnOf("orig_size"));
    if (view.size() < cache.rows) cache = CompareCache();
    const std::size_t from = cache.rows, n = view.size();
    CompareData d;
    // The scoring fields straight from the columns, the new rows only: no record is rebuilt
    // (a million RequestRecords were 1.6 GB and seconds of work).
    const ScoringRows& in = cache.reader.extend(view);
    const std::size_t strategies = in.strategies.size();
    cache.counts.resize(strategies);
    // The scatter's x scale follows the largest file: when it grows, the cells are redone.
    double maxMb = cache.maxMb;
    for (std::size_t i = from; i < n; ++i) maxMb = std::max(maxMb, view.number(i, sizeCol) / 1e6);
    std::size_t cellsFrom = from;
    if (maxMb != cache.maxMb || cache.cells.empty()) {
        cache.maxMb = maxMb;
        cache.cells.assign(std::size_t(kXCells) * kYCells * 2, 0);
        cache.cloudPoints.clear();
        cache.devicePoints.clear();
        cellsFrom = 0;
    }
    for (std::size_t i = cellsFrom; i < n; ++i)
        if (in.rows[i].ok) addToCells(cache, view.number(i, sizeCol) / 1e6, in.rows[i]);
    // Scored by extending the last pass's sums and sorted runs by the new rows; the bootstrap
    // resamples every key, so a pass with it scores every row.
    std::vector<StrategyScore> running = cache.scores.extend(in, options.decisiveMargin);
    d.scores = options.bootstrap.resamples > 0 ? scoreRun(in, options) : std::move(running);
    for (std::size_t i = from; i < n; ++i) {
        const ScoringRow& r = in.rows[i];
        if (r.ok && cache.counts[r.strategy]++ == 0) cache.order.push_back(r.strategy);
    }
    for (const std::uint32_t s : cache.order) {
        const QString id = QString::fromStdString(in.strategies[s].id);
        CdfSample sample{id,
                         strategyLabel(id),
                         {},
                         false,
                         CdfChartWidget::cdfPointsOfSorted(cache.scores.sortedTimes(s)),
                         cache.counts[s]};
        d.samples.push_back(std::move(sample));
    }
    d.cloud = XYGroup{locationName(Placement::Cloud),
                      QObject::tr("In-cloud"),
                      cache.cloudPoints,
                      false,
                      true,
                      false};
    d.device = XYGroup{locationName(Placement::Device),
                       QObject::tr("On-device"),
                       cache.devicePoints,
                       false,
                       false,
                       true};
    d.modelUse = modelUse(view, from, cache);
    d.rows = std::make_shared<const ScoringRows>(in);  // shares the cache's rows
    d.options = options;
    d.records = n;
    cache.rows = n;
    return d;
}

CompareData computeScores(const ScoringRows& rows, const ScoringOptions& options) {
    CompareData d;
    d.scores = scoreRun(rows, options);
    d.options = options;
    d.records = rows.rows.size();
    d.scoresOnly = true;
    return d;
}

CompareData computeScores(const RecordColumnsView& view, const ScoringOptions& options) {
    return computeScores(scoringRows(view), options);
}

void CompareTab::updateNow() {
    throttle_.stop();
    stale_ = false;
    ++generation_;
    apply(computeCompare(store_->view(), options_), generation_);
}

void CompareTab::refresh() {
    throttle_.stop();
    stale_ = false;
    updateAsync();
}

bool CompareTab::upToDate() const {
    const ScoringOptions &a = shownOptions_, &b = options_;
    return shownRecords_ == store_->size() && a.decisiveMargin == b.decisiveMargin &&
           a.bootstrap.resamples == b.bootstrap.resamples && a.bootstrap.seed == b.bootstrap.seed &&
           a.bootstrap.level == b.bootstrap.level;
}

void CompareTab::setScoringOptions(const ScoringOptions& options) {
    options_ = options;
    if (isVisible())
        updateAsync();
    else
        stale_ = true;
}

namespace {

// A snapshot of the columns (shared chunks, no copy) scored on a worker: the worker never
// touches the store and reads the scoring fields from the columns.
// With `cache`, only the rows since its last pass are read (the caller runs one such pass
// at a time); without, only the scores are computed (the intervals' pass), of `rows` when
// they are a live pass's rows of every record in `view`.
QFuture<CompareData> scoreOnWorker(const RecordColumnsView& view, quint64 generation,
                                   const ScoringOptions& o,
                                   std::shared_ptr<CompareCache> cache = nullptr,
                                   std::shared_ptr<const ScoringRows> rows = nullptr) {
    if (rows && rows->rows.size() != view.size()) rows = nullptr;
    return QtConcurrent::run(analysisPool(), [view, generation, o, cache, rows] {
        atAnalysisPriority();
        QElapsedTimer took;
        took.start();
        auto d = cache  ? computeCompare(view, o, *cache)
                 : rows ? computeScores(*rows, o)
                        : computeScores(view, o);
        d.generation = generation;
        d.computeMs = took.nsecsElapsed() / 1e6;
        return d;
    });
}

}  // namespace

ScoringOptions liveScoringOptions(const ScoringOptions& options, std::size_t records) {
    ScoringOptions o = options;
    if (double(records) * o.bootstrap.resamples > kLiveBootstrapBudget) o.bootstrap.resamples = 0;
    return o;
}

void CompareTab::updateAsync() {
    if (watcher_.isRunning()) {
        again_ = true;  // one more pass once this one lands
        return;
    }
    const RecordColumnsView view = store_->view();
    watcher_.setFuture(
        scoreOnWorker(view, ++generation_, liveScoringOptions(options_, view.size()), cache_));
}

void CompareTab::startIntervals(std::shared_ptr<const ScoringRows> rows) {
    if (intervals_.isRunning()) return;  // its result is dropped if older than what is shown
    intervals_.setFuture(
        scoreOnWorker(store_->view(), ++generation_, options_, nullptr, std::move(rows)));
}

void CompareTab::apply(const CompareData& d, quint64 generation) {
    if (generation < applied_) return;  // an older asynchronous result
    applied_ = generation;
    if (!d.scoresOnly) {
        cdf_->setSamples(d.samples);
        sizeTime_->setGroups({d.cloud, d.device});
        shownModelUse_ = d.modelUse;
    }
    std::vector<PercentileRow> rows;
    for (const auto& s : d.scores) {
        const QString id = QString::fromStdString(s.strategy);
        PercentileRow row{id, strategyLabel(id), s.preexecution.p50, s.preexecution.p90,
                          s.preexecution.p99};
        const Interval* ci[3] = {&s.preexecutionCi.p50, &s.preexecutionCi.p90,
                                 &s.preexecutionCi.p99};
        for (int k = 0; k < 3; ++k)
            if (ci[k]->valid) row.lo[k] = ci[k]->lo, row.hi[k] = ci[k]->hi;
        rows.push_back(row);
    }
    bars_->setRows(rows);
    shown_ = d.scores;
    shownRecords_ = d.records;
    lastPassMs_ = d.computeMs;
    shownOptions_ = d.options;
    showDevice(d.scores);
    if (!d.scores.empty() && d.options.bootstrap.resamples == 0 && options_.bootstrap.resamples > 0)
        device_->setText(device_->text() +
                         tr(" &nbsp; <i>95% intervals: computing for all %1 records on a "
                            "worker (left out while records arrive at this size)</i>")
                             .arg(d.records));
    fillTable(d);
    emit updated(qint64(d.records));
}

namespace {

QString withInterval(double v, const Interval& ci, int decimals = 1) {
    return QString::fromStdString(formatWithInterval(v, ci, decimals));
}

QString saving(double ms, double pct, const Interval& ci) {
    return QString::fromStdString(formatSaving(ms, pct, ci));
}

}  // namespace

void CompareTab::showDevice(const std::vector<StrategyScore>& scores) {
    if (scores.empty()) {
        device_->clear();
        return;
    }
    const auto& s = scores.front();
    const QString device = QString::fromStdString(s.device).toHtmlEscaped();
    const QString profile = QString::fromStdString(s.profileDevice).toHtmlEscaped();
    if (!profile.isEmpty() && profile != device) {
        device_->setText(tr("<b>Device:</b> %1. <span style='color:#b00020'><b>Warning:</b> "
                            "predicting %2, measuring %1: the predictions describe another "
                            "device.</span>")
                             .arg(device, profile));
    } else {
        device_->setText(
            profile.isEmpty()
                ? tr("<b>Device:</b> %1").arg(device)
                : tr("<b>Device:</b> %1, predicted by a profile of this device").arg(device));
    }
}

void CompareTab::fillTable(const CompareData& d) {
    const auto& scores = d.scores;
    QStringList statistics = {tr("Requests"),        tr("Errors"),          tr("Mean ms [95% CI]"),
                              tr("p50 ms [95% CI]"), tr("p90 ms [95% CI]"), tr("p99 ms [95% CI]")};
    const char* statics[] = {strategy_id::kStaticDevice, strategy_id::kStaticCloud};
    for (const char* base : statics)
        for (const char* stat : {"mean", "p50", "p99"})
            statistics << tr("vs %1: %2 saved").arg(QLatin1String(base), QLatin1String(stat));
    statistics << tr("F1 [95% CI]") << tr("Decisive F1 [95% CI]") << tr("Decisive / near-ties")
               << tr("TP / FP / FN / TN") << tr("Regret ms (% of oracle)")
               << tr("Pred. error median / p90 %") << tr("Models run") << tr("Mean top-1 %")
               << tr("Within SLA") << tr("Top-1 within SLA %");
    QStringList strategies;
    for (const auto& s : scores) strategies << strategyLabel(QString::fromStdString(s.strategy));
    table_->clear();
    table_->setRowCount(int(statistics.size()));
    table_->setVerticalHeaderLabels(statistics);
    table_->setColumnCount(int(scores.size()));
    table_->setHorizontalHeaderLabels(strategies);
    table_->verticalHeaderItem(0)->setToolTip(
        tr("Near-tie margin %1% of the faster order; intervals: %2 bootstrap resamples of the "
           "images, seed %3")
            .arg(100 * d.options.decisiveMargin)
            .arg(d.options.bootstrap.resamples)
            .arg(d.options.bootstrap.seed));
    auto num = [](double v, int prec = 1) { return QString::number(v, 'f', prec); };
    for (int i = 0; i < int(scores.size()); ++i) {
        const auto& s = scores[std::size_t(i)];
        const auto& p = s.preexecution;
        const auto& ci = s.preexecutionCi;
        QStringList cells = {QString::number(s.requests),   QString::number(s.errors),
                             withInterval(p.mean, ci.mean), withInterval(p.p50, ci.p50),
                             withInterval(p.p90, ci.p90),   withInterval(p.p99, ci.p99)};
        for (const char* base : statics) {
            QStringList saved = {"-", "-", "-"};
            for (const auto& sv : s.savings)
                if (sv.against == base)
                    saved = {saving(sv.meanMs, sv.meanPercent, sv.meanMsCi),
                             saving(sv.p50Ms, sv.p50Percent, sv.p50MsCi),
                             saving(sv.p99Ms, sv.p99Percent, sv.p99MsCi)};
            cells << saved;
        }
        const auto& c = s.confusion;
        cells << (s.judged ? withInterval(c.f1(), s.f1Ci, 3) : "-")
              << (s.decisive ? withInterval(s.decisiveConfusion.f1(), s.decisiveF1Ci, 3) : "-")
              << (s.judged ? QString("%1 / %2").arg(s.decisive).arg(s.nearTies) : "-")
              << (s.judged ? QString("%1 / %2 / %3 / %4")
                                 .arg(c.truePositive)
                                 .arg(c.falsePositive)
                                 .arg(c.falseNegative)
                                 .arg(c.trueNegative)
                           : "-")
              << (s.judged ? QString("%1 (%2%)").arg(num(s.regretMs), num(s.regretPercent, 2))
                           : "-")
              << (s.predicted
                      ? QString("%1 / %2").arg(num(s.predictionMedianApe), num(s.predictionP90Ape))
                      : "-");
        const ModelUse* use = nullptr;
        for (const ModelUse& u : shownModelUse_)
            if (u.strategy == s.strategy) use = &u;
        if (use)
            cells << QString::fromStdString(modelsText(*use)) +
                         (use->weights == "random" ? tr(" (random weights)") : QString())
                  << num(use->meanTop1) << QString("%1 / %2").arg(use->withinSla).arg(use->requests)
                  << num(use->top1UnderSla);
        else
            cells << "-"
                  << "-"
                  << "-"
                  << "-";
        for (int k = 0; k < cells.size(); ++k) {
            auto* item = new QTableWidgetItem(cells[k]);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table_->setItem(k, i, item);
        }
    }
}

}  // namespace pieslicer::ui
