// Scores kept up to date as rows arrive (issue #15: the Compare tab within 250 ms of the last
// of a million records) equal scoreRun() over every row, batch after batch, whatever order
// the oracle's, the statics' and the other strategies' rows of an image come in.
#include <QtTest>
#include <cmath>
#include <random>

#include "model/running_scores.h"
#include "model/scoring.h"

using namespace pieslicer;

namespace {

struct Made {
    ScoringRows rows;
    std::size_t oracleAfterOthers = 0;  // rows of another strategy judged before the oracle's
};

// `images` x `repeats` keys, each run by the five strategies in a shuffled order, some rows
// failed, some repeated (a later oracle row replaces the verdict), measurements shared.
Made study(std::size_t images, int repeats, std::uint32_t seed, bool negativeRepeats = false) {
    std::mt19937 rng(seed);
    Made m;
    const char* ids[] = {"oracle", "static-device", "static-cloud", "pieslicer", "random"};
    const ScoringRole roles[] = {ScoringRole::Oracle, ScoringRole::StaticDevice,
                                 ScoringRole::StaticCloud, ScoringRole::Other, ScoringRole::Other};
    for (const char* id : ids) m.rows.strategies.push_back({id, id, "phone", "scaled", "", 2});
    std::uniform_real_distribution<double> ms(20, 400), u(0, 1);
    std::vector<std::pair<std::size_t, int>> keys;
    for (std::size_t i = 0; i < images; ++i)
        for (int r = 0; r < repeats; ++r) keys.emplace_back(i, negativeRepeats ? -r : r);
    std::shuffle(keys.begin(), keys.end(), rng);
    for (const auto& [image, repeat] : keys) {
        std::vector<std::uint32_t> order = {0, 1, 2, 3, 4};
        std::shuffle(order.begin(), order.end(), rng);
        if (u(rng) < 0.2) order.push_back(0);  // the oracle measured the image again
        if (u(rng) < 0.1) order.push_back(1);
        bool oracleSeen = false;
        for (const std::uint32_t s : order) {
            ScoringRow r;
            r.strategy = s;
            r.role = roles[s];
            r.image = std::uint32_t(image);
            r.repeat = repeat;
            r.ok = u(rng) > 0.05;
            r.device = s == 1 || (s != 2 && u(rng) < 0.5);
            r.preexecution = ms(rng);
            // Near-ties are common: the other order within 10% a third of the time.
            r.preexecutionOther = u(rng) < 0.3   ? r.preexecution * (0.95 + 0.1 * u(rng))
                                  : u(rng) < 0.8 ? ms(rng)
                                                 : 0;
            r.estimate = u(rng) < 0.7 ? r.preexecution * (0.7 + 0.6 * u(rng)) : 0;
            r.contentProbe = s == 3 && u(rng) < 0.3 ? 2 * u(rng) : 0;
            r.measurement = u(rng) < 0.5 ? std::uint32_t(rng() % 300) : ScoringRow::kNoMeasurement;
            oracleSeen = oracleSeen || s == 0;
            if (!oracleSeen && s >= 3) ++m.oracleAfterOthers;
            m.rows.rows.push_back(r);
        }
    }
    m.rows.images = images;
    m.rows.measurements = 300;
    return m;
}

void compareConfusion(const ConfusionMatrix& a, const ConfusionMatrix& b) {
    QCOMPARE(a.truePositive, b.truePositive);
    QCOMPARE(a.falsePositive, b.falsePositive);
    QCOMPARE(a.falseNegative, b.falseNegative);
    QCOMPARE(a.trueNegative, b.trueNegative);
}

// Sums that rows were taken back out of agree to rounding; everything else exactly.
void compareScores(const std::vector<StrategyScore>& running,
                   const std::vector<StrategyScore>& full) {
    QCOMPARE(running.size(), full.size());
    auto near = [](double a, double b) { return std::fabs(a - b) <= 1e-9 * (1 + std::fabs(b)); };
    for (std::size_t i = 0; i < full.size(); ++i) {
        const StrategyScore &a = running[i], &b = full[i];
        QCOMPARE(a.strategy, b.strategy);
        QCOMPARE(a.deviceMode, b.deviceMode);
        QCOMPARE(a.requests, b.requests);
        QCOMPARE(a.errors, b.errors);
        QCOMPARE(a.sharedRows, b.sharedRows);
        QCOMPARE(a.preexecution.count, b.preexecution.count);
        QCOMPARE(a.preexecution.mean, b.preexecution.mean);
        QCOMPARE(a.preexecution.min, b.preexecution.min);
        QCOMPARE(a.preexecution.max, b.preexecution.max);
        QCOMPARE(a.preexecution.p50, b.preexecution.p50);
        QCOMPARE(a.preexecution.p90, b.preexecution.p90);
        QCOMPARE(a.preexecution.p99, b.preexecution.p99);
        QCOMPARE(a.judged, b.judged);
        compareConfusion(a.confusion, b.confusion);
        if (QTest::currentTestFailed()) return;
        QCOMPARE(a.decisive, b.decisive);
        QCOMPARE(a.nearTies, b.nearTies);
        compareConfusion(a.decisiveConfusion, b.decisiveConfusion);
        if (QTest::currentTestFailed()) return;
        QVERIFY2(near(a.regretMs, b.regretMs), qPrintable(QString("regret %1 vs %2")
                                                              .arg(a.regretMs, 0, 'g', 17)
                                                              .arg(b.regretMs, 0, 'g', 17)));
        QVERIFY(near(a.oracleTotalMs, b.oracleTotalMs));
        QVERIFY(near(a.regretPercent, b.regretPercent));
        QCOMPARE(a.predicted, b.predicted);
        QCOMPARE(a.predictionMedianApe, b.predictionMedianApe);
        QCOMPARE(a.predictionP90Ape, b.predictionP90Ape);
        QCOMPARE(a.savings.size(), b.savings.size());
        for (std::size_t k = 0; k < b.savings.size(); ++k) {
            QCOMPARE(a.savings[k].against, b.savings[k].against);
            QCOMPARE(a.savings[k].meanMs, b.savings[k].meanMs);
            QCOMPARE(a.savings[k].p99Ms, b.savings[k].p99Ms);
        }
    }
}

ScoringOptions noBootstrap(double margin = 0.10) {
    ScoringOptions o;
    o.decisiveMargin = margin;
    o.bootstrap.resamples = 0;
    return o;
}

// The first `n` rows of `all`, the strategies and ids as a growing store would have them.
ScoringRows firstRows(const ScoringRows& all, std::size_t n) {
    ScoringRows part = all;
    part.rows.resize(n);
    std::uint32_t strategies = 0;
    for (const ScoringRow& r : part.rows)
        strategies = std::max(strategies, std::uint32_t(r.strategy) + 1);
    part.strategies.resize(strategies);
    return part;
}

void extendInBatches(const ScoringRows& all, const std::vector<std::size_t>& batches) {
    RunningScores running;
    for (const std::size_t upTo : batches) {
        const ScoringRows part = firstRows(all, std::min(upTo, all.rows.size()));
        compareScores(running.extend(part, 0.10), scoreRun(part, noBootstrap()));
        if (QTest::currentTestFailed()) {
            qWarning("at %zu rows", part.rows.size());
            return;
        }
        QCOMPARE(running.rows(), part.rows.size());
    }
}

}  // namespace

class TestRunningScores : public QObject {
    Q_OBJECT
  private slots:
    void extendedBatchByBatchEqualsAFullScoring() {
        const Made m = study(120, 3, 7);
        QVERIFY(m.oracleAfterOthers > 50);  // verdicts do change under judged rows
        extendInBatches(m.rows, {1, 2, 5, 40, 41, 300, 301, 900, 1500, m.rows.rows.size()});
    }

    void oneRowAtATimeEqualsAFullScoring() {
        const Made m = study(30, 2, 11);
        std::vector<std::size_t> each;
        for (std::size_t n = 1; n <= m.rows.rows.size(); ++n) each.push_back(n);
        extendInBatches(m.rows, each);
    }

    void negativeAndManyRepeatsAreKeyedToo() {
        // Negative repeats move the keys from the image x repeat table to a map mid-run.
        Made m = study(40, 3, 5);
        const Made negative = study(40, 3, 6, true);
        for (ScoringRow r : negative.rows.rows) {
            r.image += 40;
            m.rows.rows.push_back(r);
        }
        // Many repeats of few images: the table is laid out wider as they arrive.
        const Made many = study(3, 60, 9);
        for (ScoringRow r : many.rows.rows) {
            r.image += 80;
            m.rows.rows.push_back(r);
        }
        m.rows.images = 83;
        extendInBatches(m.rows, {100, 700, 701, 1000, 1300, m.rows.rows.size()});
    }

    void anotherMarginOrFewerRowsStartOver() {
        const Made m = study(60, 2, 3);
        RunningScores running;
        running.extend(firstRows(m.rows, 200), 0.10);
        compareScores(running.extend(m.rows, 0.25), scoreRun(m.rows, noBootstrap(0.25)));
        const ScoringRows fewer = firstRows(m.rows, 100);
        compareScores(running.extend(fewer, 0.25), scoreRun(fewer, noBootstrap(0.25)));
        QCOMPARE(running.rows(), std::size_t(100));
        // The sorted times are the strategy's finite times of ok rows.
        std::size_t ok = 0;
        for (const ScoringRow& r : fewer.rows) ok += r.ok && r.strategy == 3;
        QCOMPARE(running.sortedTimes(3).size(), ok);
        QVERIFY(std::is_sorted(running.sortedTimes(3).begin(), running.sortedTimes(3).end()));
        QVERIFY(running.sortedTimes(99).empty());
    }
};

QTEST_APPLESS_MAIN(TestRunningScores)
#include "test_running_scores.moc"
