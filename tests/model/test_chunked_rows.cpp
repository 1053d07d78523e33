// Rows in shared copy-on-write chunks (issue #15: the intervals' pass scores a copy of the
// live passes' scoring rows, not a second vector): a copy sees the rows it was made with
// while the original appends, overwrites, shrinks and grows, and the other way round.
#include <QtTest>

#include "model/scoring_rows.h"
#include "util/chunked_rows.h"

using namespace pieslicer;

namespace {

constexpr std::size_t kChunk = ChunkedRows<ScoringRow>::kChunkRows;

ScoringRow rowOf(std::size_t i) {
    ScoringRow r;
    r.preexecution = double(i) + 0.5;
    r.image = std::uint32_t(i);
    r.strategy = std::uint32_t(i % 7);
    r.ok = i % 3 != 0;
    return r;
}

bool holds(const ChunkedRows<ScoringRow>& rows, std::size_t n) {
    if (rows.size() != n) return false;
    std::size_t i = 0;
    for (const ScoringRow& r : rows) {
        if (r.image != i || r.preexecution != double(i) + 0.5 || r.strategy != i % 7) return false;
        ++i;
    }
    return i == n;
}

}  // namespace

class TestChunkedRows : public QObject {
    Q_OBJECT
  private slots:
    void rowsAcrossChunksReadBackInOrder() {
        ChunkedRows<ScoringRow> rows;
        QVERIFY(rows.empty());
        for (std::size_t i = 0; i < 2 * kChunk + 5; ++i) rows.push_back(rowOf(i));
        QVERIFY(holds(rows, 2 * kChunk + 5));
        QCOMPARE(rows[kChunk].image, std::uint32_t(kChunk));
        rows.clear();
        QVERIFY(rows.empty());
        QCOMPARE(rows.begin() == rows.end(), true);
    }

    void aCopyKeepsItsRowsWhileTheOriginalAppendsAndWrites() {
        ChunkedRows<ScoringRow> live;
        const std::size_t n = kChunk + 100;  // the open chunk is shared and part filled
        for (std::size_t i = 0; i < n; ++i) live.push_back(rowOf(i));
        const ChunkedRows<ScoringRow> copy = live;
        for (std::size_t i = n; i < 3 * kChunk; ++i) live.push_back(rowOf(i));
        live[5].preexecution = -1;
        live[n - 1].image = 999999;
        QVERIFY(holds(copy, n));
        QCOMPARE(live[5].preexecution, -1.0);
        QCOMPARE(live[n - 1].image, std::uint32_t(999999));
        QCOMPARE(live.size(), 3 * kChunk);
        QCOMPARE(live[2 * kChunk].image, std::uint32_t(2 * kChunk));
    }

    void theOriginalKeepsItsRowsWhenACopyWrites() {
        ChunkedRows<ScoringRow> live;
        for (std::size_t i = 0; i < 300; ++i) live.push_back(rowOf(i));
        ChunkedRows<ScoringRow> copy = live;
        copy.push_back(rowOf(12345));  // into the shared open chunk: copied first
        copy[0].image = 7;
        live.push_back(rowOf(300));
        QVERIFY(holds(live, 301));
        QCOMPARE(copy[300].image, std::uint32_t(12345));
        QCOMPARE(copy[0].image, std::uint32_t(7));
    }

    void shrinkingThenGrowingGivesDefaultRows() {
        ChunkedRows<ScoringRow> rows;
        for (std::size_t i = 0; i < kChunk + 10; ++i) rows.push_back(rowOf(i));
        const ChunkedRows<ScoringRow> copy = rows;
        rows.resize(3);
        QVERIFY(holds(rows, 3));
        rows.resize(kChunk + 20);
        QCOMPARE(rows.size(), kChunk + 20);
        for (std::size_t i : {std::size_t(3), std::size_t(100), kChunk - 1, kChunk + 19}) {
            QCOMPARE(rows[i].image, std::uint32_t(0));
            QCOMPARE(rows[i].preexecution, 0.0);
            QCOMPARE(rows[i].measurement, ScoringRow::kNoMeasurement);
        }
        QVERIFY(holds(copy, kChunk + 10));
    }
};

QTEST_APPLESS_MAIN(TestChunkedRows)
#include "test_chunked_rows.moc"
