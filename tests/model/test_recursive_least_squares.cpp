// Online model updates with forgetting: RLS must follow a step change (issue 3).
#include <QtTest>
#include <random>

#include "model/recursive_least_squares.h"

using namespace pieslicer;

class TestRecursiveLeastSquares : public QObject {
    Q_OBJECT
  private slots:
    void convergesToTheBatchSolution() {
        RecursiveLeastSquares rls(1, 1.0);
        Eigen::VectorXd x(1);
        for (int i = 0; i < 200; ++i) {
            x[0] = 0.1 * (i % 50);
            rls.update(x, 100 + 390 * x[0]);  // a transfer line g(s) = 390 s + 100
        }
        QVERIFY(std::fabs(rls.intercept() - 100) < 0.01);
        QVERIFY(std::fabs(rls.slopes()[0] - 390) < 0.01);
        QCOMPARE(rls.updates(), 200L);
    }

    void followsAStepChangeWithForgetting() {
        // The link drops from ~85 to ~20 Mbit/s: slope 94 -> 390 ms/MB, intercept 100 -> 105.
        std::mt19937 rng(5);
        std::uniform_real_distribution<double> mb(0.02, 5);
        std::normal_distribution<double> noise(0, 3);
        RecursiveLeastSquares forgetting(1, 0.95), remembering(1, 1.0);
        Eigen::VectorXd x(1);
        for (int i = 0; i < 300; ++i) {
            x[0] = mb(rng);
            const double y = 98.6 + 94.8 * x[0] + noise(rng);
            forgetting.update(x, y);
            remembering.update(x, y);
        }
        QVERIFY(std::fabs(forgetting.slopes()[0] - 94.8) < 5);
        for (int i = 0; i < 150; ++i) {
            x[0] = mb(rng);
            const double y = 105 + 389.7 * x[0] + noise(rng);
            forgetting.update(x, y);
            remembering.update(x, y);
        }
        x[0] = 3;
        const double truth = 105 + 389.7 * 3;
        QVERIFY2(std::fabs(forgetting.predict(x) - truth) / truth < 0.02,
                 qPrintable(QString::number(forgetting.predict(x))));
        QVERIFY(std::fabs(forgetting.slopes()[0] - 389.7) < 10);
        // Without forgetting, the old regime still drags the estimate far off.
        QVERIFY(std::fabs(remembering.predict(x) - truth) / truth > 0.1);
    }

    void startsFromGivenCoefficients() {
        RecursiveLeastSquares rls(2, 0.98);
        Eigen::VectorXd slopes(2);
        slopes << 10, 20;
        rls.reset(5, slopes, 1e-6);  // very sure: one odd sample barely moves it
        Eigen::VectorXd x(2);
        x << 1, 1;
        QCOMPARE(rls.predict(x), 35.0);
        rls.update(x, 1000);
        QVERIFY(std::fabs(rls.predict(x) - 35) < 1);
    }
};

QTEST_APPLESS_MAIN(TestRecursiveLeastSquares)
#include "test_recursive_least_squares.moc"
