// The image behind the record (issue #11 item 4): selecting a record in the Results tab or
// an image in the Images tab shows its thumbnail (made off the GUI thread, cached by path
// and modification time), its header facts, the two orders' measured stages side by side
// and each strategy's prediction, choice and verdict.
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>

#include "models/record_table_model.h"
#include "panels/image_detail_pane.h"
#include "run/experiment.h"
#include "run/image_breakdown.h"
#include "run/record_store.h"
#include "run/thumbnail_cache.h"
#include "strategy/strategy_factory.h"
#include "support/support.h"
#include "tabs/images_tab.h"
#include "tabs/results_tab.h"

using namespace pieslicer;
using namespace pieslicer::ui;

namespace {

// One paired round of an image: the device-first and cloud-first measurements, and the
// rows of static-device, static-cloud, pieslicer (which chose device-first) and the oracle.
std::vector<RequestRecord> roundOf(const std::string& image, double devicePrep, double deviceUp,
                                   double deviceCloud, double cloudUp, double cloudCloud) {
    RequestRecord base;
    base.image_name_orig = image;
    base.format = "jpeg";
    base.orig_dims_x = 600;
    base.orig_dims_y = 400;
    base.orig_size = 60000;
    base.orig_quant_step = 8;
    RequestRecord device = base, cloud = base;
    device.preprocess_location = "local";
    device.measurement_id = "0/local";
    device.time_local_preprocess = devicePrep;
    device.transfer_time_real = deviceUp;
    device.preexecution_time = devicePrep + deviceUp + deviceCloud;
    device.sent_size = 20000;
    cloud.preprocess_location = "remote";
    cloud.measurement_id = "0/remote";
    cloud.transfer_time_real = cloudUp;
    cloud.preexecution_time = cloudUp + cloudCloud;
    cloud.sent_size = 60000;
    std::vector<RequestRecord> rows;
    auto row = [&](const RequestRecord& measured, const char* strategy, double predDevice,
                   double predCloud) {
        RequestRecord r = measured;
        r.strategy = strategy;
        r.expected_time_local_prep = predDevice;
        r.expected_time_remote_prep = predCloud;
        rows.push_back(r);
    };
    row(device, "static-device", 0, 0);
    row(cloud, "static-cloud", 0, 0);
    row(device, "pieslicer", 40, 55);
    const bool deviceCheaper = device.preexecution_time <= cloud.preexecution_time;
    row(deviceCheaper ? device : cloud, "oracle", 0, 0);
    return rows;
}

QString copySample(const QTemporaryDir& dir, const char* name) {
    const QString to = dir.filePath(name);
    QFile::copy(QString::fromStdString(test::sampleImage(name)), to);
    return to;
}

QString cellText(const QTableWidget* t, int row, int col) {
    const auto* item = t->item(row, col);
    return item ? item->text() : QString();
}

int rowOfStrategy(const QTableWidget* t, const QString& label) {
    for (int r = 0; r < t->rowCount(); ++r)
        if (cellText(t, r, 0).contains(label, Qt::CaseInsensitive)) return r;
    return -1;
}

}  // namespace

class TestImageDetail : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void breakdownSplitsStagesAndJudgesEachStrategy() {
        // Device-first 30 + 10 + 5 = 45 ms, cloud-first 40 + 20 = 60 ms: device-first is right.
        auto rows = roundOf("a.jpg", 30, 10, 5, 40, 20);
        auto other = roundOf("b.jpg", 1, 1, 1, 1, 1);
        rows.insert(rows.end(), other.begin(), other.end());
        const ImageBreakdown b = breakdownOfImage(rows);
        QCOMPARE(b.image, std::string("a.jpg"));
        const auto& d = b.byOrder[int(Placement::Device)];
        const auto& c = b.byOrder[int(Placement::Cloud)];
        QCOMPARE(d.measurements, std::size_t(1));  // three rows share the measurement
        QCOMPARE(d.devicePrepMs, 30.0);
        QCOMPARE(d.uploadMs, 10.0);
        QCOMPARE(d.cloudMs, 5.0);
        QCOMPARE(d.totalMs, 45.0);
        QCOMPARE(c.devicePrepMs, 0.0);
        QCOMPARE(c.uploadMs, 40.0);
        QCOMPARE(c.cloudMs, 20.0);
        QCOMPARE(b.cheaper, std::optional<Placement>(Placement::Device));
        QCOMPARE(b.verdicts.size(), std::size_t(4));
        for (const auto& v : b.verdicts) {
            QVERIFY(v.right.has_value());
            QCOMPARE(*v.right, v.choice == Placement::Device);
            if (v.strategy == "static-cloud") QCOMPARE(v.lostMs, 15.0);
            if (v.strategy == "pieslicer") QCOMPARE(v.predictedCloudMs, 55.0);
        }
    }

    // Select a record: the pane shows the file's facts (from its header), the stages and
    // verdicts; the thumbnail is not decoded on the GUI thread but arrives.
    void selectingARecordShowsItsImage_issue11() {
        QTemporaryDir dir;
        copySample(dir, "coffee_exif_orient6.jpg");
        RecordStore store;
        ResultsTab tab(&store);
        tab.resize(1400, 800);
        tab.detailPane()->setFolder(dir.path());
        // Cloud-first cheaper this time: pieslicer (device-first) was wrong by 25 ms.
        store.setAll(roundOf("coffee_exif_orient6.jpg", 50, 20, 5, 30, 20));
        tab.show();
        QSignalSpy shown(tab.detailPane(), &ImageDetailPane::breakdownShown);
        QTRY_COMPARE(tab.model()->rowCount(), 4);
        tab.table()->setCurrentIndex(tab.model()->index(2, 0));  // pieslicer's row
        ImageDetailPane* pane = tab.detailPane();
        QCOMPARE(pane->image(), QString("coffee_exif_orient6.jpg"));
        QVERIFY(!pane->hasThumbnail());  // asked of a worker, not decoded here
        QTRY_VERIFY_WITH_TIMEOUT(pane->hasThumbnail(), 10000);
        QTRY_VERIFY(shown.count() > 0);
        const QString facts = pane->factsText();
        QVERIFY2(facts.contains("JPEG"), qPrintable(facts));
        QVERIFY2(facts.contains("400 x 600"), qPrintable(facts));  // as stored
        QVERIFY2(facts.contains("6 (quarter turn right)"), qPrintable(facts));
        QVERIFY2(facts.contains("about 90"), qPrintable(facts));  // written at quality 90
        QVERIFY2(facts.contains("no (baseline)"), qPrintable(facts));
        // The EXIF quarter turn is applied: stored 400 x 600, shown wider than tall.
        auto* thumb = pane->findChild<QLabel*>("detailThumbnail");
        QVERIFY(thumb->pixmap().width() > thumb->pixmap().height());
        QCOMPARE(thumb->pixmap().width(), 256);

        const QTableWidget* stages = pane->stagesTable();
        QCOMPARE(stages->columnCount(), 2);
        QCOMPARE(cellText(stages, 0, 0), QString("50.0"));   // device preprocessing
        QVERIFY(cellText(stages, 1, 0).startsWith("20.0"));  // upload of s'
        QVERIFY(cellText(stages, 1, 1).startsWith("30.0"));  // upload of the original
        QVERIFY(cellText(stages, 2, 1).startsWith("20.0"));  // cloud preprocessing
        QCOMPARE(cellText(stages, 3, 0), QString("75.0"));
        QCOMPARE(cellText(stages, 3, 1), QString("50.0"));
        const QTableWidget* verdicts = pane->verdictsTable();
        QCOMPARE(verdicts->rowCount(), 4);
        const int pieslicer = rowOfStrategy(verdicts, "PieSlicer");
        QVERIFY(pieslicer >= 0);
        QCOMPARE(cellText(verdicts, pieslicer, ImageDetailPane::Predicted), QString("40.0 / 55.0"));
        QCOMPARE(cellText(verdicts, pieslicer, ImageDetailPane::Choice), QString("device-first"));
        QCOMPARE(cellText(verdicts, pieslicer, ImageDetailPane::Verdict),
                 QString("wrong (+25.0 ms)"));
        const int cloud = rowOfStrategy(verdicts, "cloud");
        QCOMPARE(cellText(verdicts, cloud, ImageDetailPane::Verdict), QString("right"));
        QVERIFY(verdicts->isColumnHidden(ImageDetailPane::Repeat));  // a single repeat

        const QImage shot = tab.grab().toImage();
        QVERIFY(shot.save(test::outputDir() + "/results_image_detail.png"));
        QVERIFY(pane->grab().save(test::outputDir() + "/image_detail_pane.png"));
    }

    void recordOfAMissingFileShowsTheRecordsFacts() {
        RecordStore store;
        ImageDetailPane pane;
        pane.setStore(&store);
        pane.setFolder("/nonexistent-folder");
        store.setAll(roundOf("gone.jpg", 30, 10, 5, 40, 20));
        QSignalSpy shown(&pane, &ImageDetailPane::breakdownShown);
        pane.showImage("gone.jpg");
        QVERIFY(shown.wait(5000));
        QVERIFY(!pane.hasThumbnail());
        QVERIFY2(pane.factsText().contains("600 x 400"), qPrintable(pane.factsText()));
        QVERIFY2(pane.factsText().contains("not at"), qPrintable(pane.factsText()));
        // Filled while hidden (its tab not shown), the strategies table still fits its rows
        // when shown: it was fitted to a header of no height yet, a sliver, its rows hidden.
        auto* verdicts = pane.findChild<QTableWidget*>("detailVerdicts");
        QVERIFY(verdicts && verdicts->rowCount() > 0);
        pane.resize(360, 700);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        int rows = 0;
        for (int r = 0; r < verdicts->rowCount(); ++r) rows += verdicts->rowHeight(r);
        QVERIFY2(verdicts->height() >= verdicts->horizontalHeader()->height() + rows,
                 qPrintable(QString("table %1 px, header %2 + rows %3")
                                .arg(verdicts->height())
                                .arg(verdicts->horizontalHeader()->height())
                                .arg(rows)));
    }

    void selectingAnImageShowsItsHeaderFacts_issue11() {
        QTemporaryDir dir;
        copySample(dir, "rocket_progressive.jpg");
        copySample(dir, "chelsea.png");
        QAction open("Open", nullptr);
        RecordStore store;
        ImagesTab tab(&open);
        tab.setRecordStore(&store);
        tab.resize(1400, 800);
        tab.show();
        QSignalSpy done(&tab, &ImagesTab::scanFinished);
        tab.scan(dir.path());
        QVERIFY(done.wait(10000));
        tab.selectRow(1);  // sorted by name: chelsea.png, rocket_progressive.jpg
        ImageDetailPane* pane = tab.detailPane();
        QCOMPARE(pane->image(), QString("rocket_progressive.jpg"));
        QTRY_VERIFY_WITH_TIMEOUT(pane->hasThumbnail(), 10000);
        QVERIFY2(pane->factsText().contains("Progressive&nbsp;</td><td>yes"),
                 qPrintable(pane->factsText()));
        tab.selectRow(0);
        QCOMPARE(pane->image(), QString("chelsea.png"));
        QTRY_VERIFY_WITH_TIMEOUT(pane->hasThumbnail(), 10000);
        QVERIFY2(pane->factsText().contains("not a JPEG"), qPrintable(pane->factsText()));
        QCOMPARE(pane->verdictsTable()->rowCount(), 0);  // no records of it yet
        QTRY_VERIFY(pane->findChild<QLabel*>("detailNoRecords")->text().contains("No records"));
        QVERIFY(tab.grab().save(test::outputDir() + "/images_image_detail.png"));
        // By name, as the dashboard's --select does before its screenshot.
        QVERIFY(tab.selectImage("rocket_progressive.jpg"));
        QCOMPARE(pane->image(), QString("rocket_progressive.jpg"));
        QVERIFY(!tab.selectImage("absent.jpg"));
        QCOMPARE(pane->image(), QString("rocket_progressive.jpg"));
    }

    // Records of a real paired run (statics and the oracle on the embedded endpoint): the
    // Images tab's names find them, and each order's stages add up to its measured total.
    void measuredRunIsExplainedPerImage() {
        QTemporaryDir dir;
        copySample(dir, "chelsea_451x300_q75.jpg");
        copySample(dir, "rocket_640x427_q85.jpg");
        ExperimentConfig config;
        config.images = dir.path().toStdString();
        config.link = LinkShape{50e6, 0, 2};
        std::vector<std::unique_ptr<Strategy>> strategies;
        for (const char* id : {"static-device", "static-cloud", "oracle"}) {
            auto strategy = makeStrategy(id, nullptr);
            QVERIFY(strategy.ok());
            strategies.push_back(std::move(strategy.value()));
        }
        ExperimentRunner runner(config, std::move(strategies));
        RunControl control;
        const auto run = runner.run(control);
        QVERIFY2(run.ok(), run.ok() ? "" : run.error().c_str());

        QAction open("Open", nullptr);
        RecordStore store;
        store.setAll(run->records);
        ImagesTab tab(&open);
        tab.setRecordStore(&store);
        tab.show();
        QSignalSpy done(&tab, &ImagesTab::scanFinished);
        tab.scan(dir.path());
        QVERIFY(done.wait(10000));
        QSignalSpy shown(tab.detailPane(), &ImageDetailPane::breakdownShown);
        tab.selectRow(1);  // rocket
        QVERIFY(shown.wait(5000));
        const ImageBreakdown& b = tab.detailPane()->breakdown();
        QCOMPARE(b.image, std::string("rocket_640x427_q85.jpg"));
        QCOMPARE(b.verdicts.size(), std::size_t(3));
        for (const auto& order : b.byOrder) {
            QCOMPARE(order.measurements, std::size_t(1));
            QVERIFY(order.uploadMs > 0 && order.totalMs > 0);
            QVERIFY(std::abs(order.devicePrepMs + order.uploadMs + order.cloudMs - order.totalMs) <
                    0.01);
        }
        QVERIFY(b.byOrder[int(Placement::Device)].devicePrepMs > 0);
        QVERIFY(b.byOrder[int(Placement::Device)].sentBytes <
                b.byOrder[int(Placement::Cloud)].sentBytes);
        int right = 0;
        for (const auto& v : b.verdicts) right += v.right.value_or(false);
        QCOMPARE(right, 2);  // the oracle and the static that chose the cheaper order
    }

    // The cache keys a file by path and modification time: an edited file is made again;
    // it holds at most its capacity.
    void thumbnailCacheIsAnLruKeyedByPathAndTime() {
        QTemporaryDir dir;
        const QString a = copySample(dir, "chelsea_451x300_q75.jpg");
        const QString b = copySample(dir, "coffee_600x400_q75.jpg");
        const QString c = copySample(dir, "rocket_640x427_q85.jpg");
        ThumbnailCache cache(nullptr, {128, 128}, 2);
        QSignalSpy ready(&cache, &ThumbnailCache::ready);
        cache.request(a);
        QTRY_VERIFY(cache.find(a));
        QCOMPARE(cache.find(a)->thumbnail.size(), QSize(128, 85));
        cache.request(a);  // cached: nothing made
        QCOMPARE(cache.madeCount(), 1);
        QFile f(a);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(QDateTime::currentDateTime().addSecs(60),
                              QFileDevice::FileModificationTime));
        f.close();
        QVERIFY(!cache.find(a));  // edited since: not the cached preview
        cache.request(a);
        QTRY_VERIFY(cache.find(a));
        QCOMPARE(cache.madeCount(), 2);
        for (const QString& p : {b, c}) {
            cache.request(p);
            QTRY_VERIFY(cache.find(p));
        }
        QVERIFY(cache.cachedCount() <= 2);
    }
};

QTEST_MAIN(TestImageDetail)
#include "test_image_detail.moc"
