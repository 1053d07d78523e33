// InternIndex (issue #15): the record store's text index grows without a stall (the old
// table's ids move a few per insert) and finds every text throughout, colliding hashes too.
#include <QTest>
#include <string>
#include <vector>

#include "run/intern_index.h"

using namespace pieslicer::ui;

namespace {

struct Texts {
    std::vector<std::string> byId;
    InternIndex index;
    std::int64_t find(const std::string& s, std::uint32_t hash) const {
        return index.find(hash, [&](std::uint32_t id) { return byId[id] == s; });
    }
    void add(const std::string& s, std::uint32_t hash) {
        byId.push_back(s);
        index.add(hash);
    }
};

std::uint32_t hashOf(const std::string& s) { return std::uint32_t(std::hash<std::string>()(s)); }

}  // namespace

class TestInternIndex : public QObject {
    Q_OBJECT
  private slots:
    void everyTextIsFoundWhileTheTableGrows() {
        Texts t;
        const int n = 300000;
        std::size_t sawMoving = 0, maxMoving = 0;
        for (int i = 0; i < n; ++i) {
            const std::string s = "image_" + std::to_string(i) + ".jpg";
            QCOMPARE(t.find(s, hashOf(s)), std::int64_t(-1));
            const std::size_t before = t.index.moving();
            t.add(s, hashOf(s));
            const std::size_t after = t.index.moving();
            // A move goes a few ids per insert: never all at once (but when it starts).
            if (before > 0) QVERIFY(before - after <= InternIndex::kMovesPerAdd);
            if (after > 0) ++sawMoving;
            maxMoving = std::max(maxMoving, after);
            // Spot checks while a move may be under way: old, recent and this text.
            if (i % 997 == 0) {
                for (int j : {0, i / 3, i / 2, i}) {
                    const std::string o = "image_" + std::to_string(j) + ".jpg";
                    QCOMPARE(t.find(o, hashOf(o)), std::int64_t(j));
                }
            }
        }
        QVERIFY(sawMoving > 0);                    // it did grow incrementally
        QVERIFY(maxMoving >= std::size_t(n) / 4);  // ...from tables of many ids
        for (int i = 0; i < n; i += 7) {
            const std::string s = "image_" + std::to_string(i) + ".jpg";
            QCOMPARE(t.find(s, hashOf(s)), std::int64_t(i));
        }
        QCOMPARE(t.index.size(), std::size_t(n));
    }

    void collidingHashesAreToldApartByTheirText() {
        Texts t;
        for (int i = 0; i < 1000; ++i) t.add("same-hash-" + std::to_string(i), 42u);
        for (int i = 0; i < 1000; i += 37)
            QCOMPARE(t.find("same-hash-" + std::to_string(i), 42u), std::int64_t(i));
        QCOMPARE(t.find("same-hash-x", 42u), std::int64_t(-1));
    }
};

QTEST_MAIN(TestInternIndex)
#include "test_intern_index.moc"
