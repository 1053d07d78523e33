// Issue 13: per strategy, the models /modipick ran and the accuracy reached within the SLA.
#include <QTest>

#include "model/model_use.h"

using namespace pieslicer;

namespace {

RequestRecord row(const char* strategy, const char* model, double top1, double totalMs) {
    RequestRecord r;
    r.strategy = strategy;
    r.model_name = model;
    r.model_accuracy = top1;
    r.model_weights = "random";
    r.sla_target = 1000;
    r.time_total = totalMs;
    return r;
}

}  // namespace

class ModelUseTest : public QObject {
    Q_OBJECT

  private slots:
    void countsModelsAndAccuracyWithinTheSla() {
        std::vector<RequestRecord> rows = {
            row("pieslicer", "resnet50", 74.9, 900),
            row("static-cloud", "mobilenet_v2", 71.3, 1200),  // late: worth 0
            row("pieslicer", "resnet50", 74.9, 950),
            row("static-cloud", "nasnet_mobile", 74.4, 800),
            row("pieslicer", "mobilenet_v2", 71.3, 1000),  // exactly on time counts
        };
        RequestRecord failed = row("pieslicer", "nasnet_large", 82.5, 100);
        failed.status = "error";
        rows.push_back(failed);  // errors are not requests that reached anything

        const auto uses = modelUseByStrategy(rows);
        QCOMPARE(uses.size(), std::size_t(2));
        const ModelUse& p = uses[0];
        QCOMPARE(QString::fromStdString(p.strategy), QString("pieslicer"));
        QCOMPARE(p.requests, std::size_t(3));
        QCOMPARE(p.models.at("resnet50"), 2);
        QCOMPARE(p.withinSla, std::size_t(3));
        QVERIFY(qFuzzyCompare(p.meanTop1, (74.9 * 2 + 71.3) / 3));
        QVERIFY(qFuzzyCompare(p.top1UnderSla, p.meanTop1));
        QCOMPARE(QString::fromStdString(modelsText(p)), QString("resnet50 2, mobilenet_v2 1"));
        QCOMPARE(QString::fromStdString(p.weights), QString("random"));

        const ModelUse& c = uses[1];
        QCOMPARE(c.withinSla, std::size_t(1));
        QVERIFY(qFuzzyCompare(c.meanTop1, (71.3 + 74.4) / 2));
        QVERIFY(qFuzzyCompare(c.top1UnderSla, 74.4 / 2));
        QVERIFY(p.top1UnderSla > c.top1UnderSla);

        const QString table = QString::fromStdString(formatModelUse(uses));
        QVERIFY(table.contains("pieslicer"));
        QVERIFY(table.contains("within SLA 1/2"));
        QVERIFY(table.contains("(random weights)"));
    }

    void noTableWithoutModels() {
        RequestRecord r = row("pieslicer", "", 0, 10);
        QVERIFY(formatModelUse(modelUseByStrategy({r})).empty());
    }

    void mixedWeightsAreSaid() {
        auto a = row("oracle", "mobilenet_v2", 71.3, 10);
        auto b = row("oracle", "tiny", 0, 10);
        b.model_weights = "file";
        QCOMPARE(QString::fromStdString(modelUseByStrategy({a, b})[0].weights), QString("mixed"));
    }
};

QTEST_GUILESS_MAIN(ModelUseTest)
#include "test_model_use.moc"
