// pieslicer-cli run --route modipick (issue 13): the in-process endpoint measures its zoo
// before the first request, every record names the model that ran, its published accuracy
// and that its weights are random, and the run ends with the models each strategy ran (also
// in --summary-json).
// Two small models keep it fast; a huge SLA makes the more accurate one fit every time.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run/record_csv.h"
#include "server/model_zoo.h"
#include "support/support.h"

using namespace pieslicer;

class CliModipickTest : public QObject {
    Q_OBJECT
  private slots:
    void modipickRecordsTheModelThatRan() {
        for (const char* m : {"mobilenet_v2", "nasnet_mobile"})
            if (!std::filesystem::exists(defaultModelDir() + "/" + m + ".onnx"))
                QSKIP("the model zoo was not generated (python3-onnx missing?)");
        QTemporaryDir tmp;
        const QString csv = tmp.filePath("r.csv"), summary = tmp.filePath("summary.json");
        const auto images =
            test::copySamples(tmp, {"chelsea_451x300_q75.jpg", "coffee_600x400_q75.jpg"});
        QProcess run;
        run.start(test::cliPath(), {"run",
                                    "--images",
                                    QString::fromStdString(images),
                                    "--strategies",
                                    "static-device,static-cloud",
                                    "--uplink",
                                    "50mbit",
                                    "--rtt",
                                    "10ms",
                                    "--route",
                                    "modipick",
                                    "--models",
                                    "mobilenet_v2,nasnet_mobile",
                                    "--sla",
                                    "100000",
                                    "--bootstrap",
                                    "0",
                                    "--out",
                                    csv,
                                    "--summary-json",
                                    summary});
        QVERIFY(run.waitForFinished(120000));
        const QString out = QString::fromUtf8(run.readAllStandardOutput());
        const QString err = QString::fromUtf8(run.readAllStandardError());
        QVERIFY2(run.exitCode() == 0, qPrintable(err));
        QVERIFY2(err.contains("nasnet_mobile:"), qPrintable(err));  // measured up front
        QVERIFY2(out.contains("models run"), qPrintable(out));
        QVERIFY(out.contains("nasnet_mobile 2 (random weights)"));

        auto rows = readRecordsCsv(csv.toStdString());
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), std::size_t(4));
        for (const auto& r : rows.value()) {
            QCOMPARE(QString::fromStdString(r.status), QString("ok"));
            QCOMPARE(QString::fromStdString(r.model_name), QString("nasnet_mobile"));
            QCOMPARE(r.model_accuracy, 74.4);
            QCOMPARE(QString::fromStdString(r.model_weights), QString("random"));
            QVERIFY(r.time_remote_inference > 0);
        }

        // The summary says it too, per strategy.
        std::ifstream in(summary.toStdString());
        const auto j = nlohmann::json::parse(in, nullptr, false);
        QVERIFY(!j.is_discarded());
        QCOMPARE(j.at("strategies").size(), std::size_t(2));
        for (const auto& s : j.at("strategies")) {
            const auto& models = s.at("models");
            QCOMPARE(models.at("run").at("nasnet_mobile").get<int>(), 2);
            QCOMPARE(models.at("weights").get<std::string>(), std::string("random"));
            QCOMPARE(models.at("mean_top1_pct").get<double>(), 74.4);
        }
    }

    void badRouteIsAUsageError() {
        QProcess run;
        run.start(test::cliPath(), {"run", "--images", ".", "--route", "fastest"});
        QVERIFY(run.waitForFinished(30000));
        QVERIFY(run.exitCode() != 0);
        QVERIFY(QString::fromUtf8(run.readAllStandardError()).contains("--route"));
    }
};

QTEST_GUILESS_MAIN(CliModipickTest)
#include "test_cli_modipick.moc"
