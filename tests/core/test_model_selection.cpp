// Issue 13: /modipick picks the most accurate model whose expected inference time fits what
// is left of the SLA. The rule is a pure function, so its timings are injected here: no
// clock, no model file.
#include <QTest>
#include <algorithm>

#include "server/model_selection.h"

using namespace pieslicer;

namespace {

// Expected times of this machine's zoo in one run (ms) and the published top-1 (%).
std::vector<ModelCandidate> zoo() {
    return {{"mobilenet_v2", 78, 71.3},
            {"nasnet_mobile", 264, 74.4},
            {"resnet50", 643, 74.9},
            {"nasnet_large", 4813, 82.5}};
}

}  // namespace

class ModelSelectionTest : public QObject {
    Q_OBJECT

  private slots:
    void budgetIsWhatTheSlaLeaves() {
        QCOMPARE(timeBudgetMs(1000, 120, 300, 30), 550.0);
        QCOMPARE(timeBudgetMs(200, 150, 100, 5), -55.0);  // already late
    }

    void picksTheMostAccurateModelThatFits_data() {
        QTest::addColumn<double>("budget");
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("fits");
        QTest::newRow("only the smallest fits") << 100.0 << "mobilenet_v2" << true;
        QTest::newRow("exactly the budget fits") << 264.0 << "nasnet_mobile" << true;
        QTest::newRow("just under resnet50") << 642.9 << "nasnet_mobile" << true;
        QTest::newRow("resnet50 beats nasnet_mobile") << 1000.0 << "resnet50" << true;
        QTest::newRow("room for everything") << 60000.0 << "nasnet_large" << true;
        QTest::newRow("nothing fits: the fastest") << 50.0 << "mobilenet_v2" << false;
        QTest::newRow("late already: the fastest") << -300.0 << "mobilenet_v2" << false;
    }
    void picksTheMostAccurateModelThatFits() {
        QFETCH(double, budget);
        QFETCH(QString, model);
        QFETCH(bool, fits);
        const auto candidates = zoo();
        const ModelPick pick = pickModel(candidates, budget);
        QCOMPARE(QString::fromStdString(candidates[pick.index].name), model);
        QCOMPARE(pick.fits, fits);
        if (pick.fits) QVERIFY(candidates[pick.index].expectedMs <= budget);
    }

    void orderOfTheZooDoesNotMatter() {
        auto candidates = zoo();
        std::reverse(candidates.begin(), candidates.end());
        QCOMPARE(QString::fromStdString(candidates[pickModel(candidates, 700).index].name),
                 QString("resnet50"));
        QCOMPARE(QString::fromStdString(candidates[pickModel(candidates, 10).index].name),
                 QString("mobilenet_v2"));
    }

    void equalAccuracyPrefersTheFaster() {
        const std::vector<ModelCandidate> c = {{"slow", 90, 75}, {"fast", 40, 75}, {"weak", 5, 60}};
        const ModelPick pick = pickModel(c, 100);
        QCOMPARE(QString::fromStdString(c[pick.index].name), QString("fast"));
    }

    void timeSavedBecomesAccuracy() {
        // The paper's motivation: the same SLA, two pre-execution times. What PieSlicer saves
        // before inference is budget for a more accurate model.
        const auto candidates = zoo();
        const double slow = timeBudgetMs(1000, 200, 450, 20);  // 330 ms left
        const double fast = timeBudgetMs(1000, 40, 230, 8);    // 722 ms left
        QVERIFY(candidates[pickModel(candidates, fast).index].top1 >
                candidates[pickModel(candidates, slow).index].top1);
    }
};

QTEST_GUILESS_MAIN(ModelSelectionTest)
#include "test_model_selection.moc"
