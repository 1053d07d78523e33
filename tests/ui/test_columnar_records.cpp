// The columnar record store (issue #15): every CSV column survives the columns, text is
// interned, chunks widen alone, a view is a stable snapshot, and a record costs at most
// 400 bytes.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <random>

#include "experiment_file.h"
#include "run/columnar_records.h"
#include "run/record_csv.h"

using namespace pieslicer;
using namespace pieslicer::ui;

namespace {

// A record whose every column holds something that is not the default: text unique to
// the row, integers of every width, reals with 3 decimals, large and negative.
RequestRecord distinctRecord(int row) {
    RequestRecord r;
    const auto& cols = recordColumns();
    for (std::size_t c = 0; c < cols.size(); ++c) {
        const RecordField& f = cols[c].field;
        std::string text;
        if (std::holds_alternative<std::string RequestRecord::*>(f))
            text = std::string(cols[c].name) + "#" + std::to_string(row % 7) + "é";
        else if (std::holds_alternative<int RequestRecord::*>(f))
            text = std::to_string((row % 2 ? -1 : 1) * int(c) * (row * 977 % 100000));
        else
            text = std::to_string(double(c) * 1234.5678 * (row + 1) / 3.0 - 50.0 * (row % 3));
        setFieldText(r, f, text);
    }
    r.status = row % 5 ? "ok" : "error";
    r.orig_size = 3.5e9 + row;  // past float's exact integers: kept as double
    return r;
}

}  // namespace

class TestColumnarRecords : public QObject {
    Q_OBJECT
  private slots:
    void everyCsvColumnRoundTripsThroughTheColumns() {
        ColumnarRecords store;
        std::vector<RequestRecord> in;
        for (int i = 0; i < 300; ++i) in.push_back(distinctRecord(i));
        for (const auto& r : in) store.append(r);
        QCOMPARE(store.size(), in.size());
        const auto& cols = recordColumns();
        QCOMPARE(store.columnCount(), cols.size());
        for (std::size_t row = 0; row < in.size(); ++row) {
            const RequestRecord back = store.record(row);
            for (std::size_t c = 0; c < cols.size(); ++c) {
                const std::string want = fieldText(in[row], cols[c].field);
                QCOMPARE(store.cellText(row, c), want);
                QCOMPARE(fieldText(back, cols[c].field), want);
            }
            QCOMPARE(store.ok(row), in[row].ok());
        }
    }

    void csvExportStreamsTheSameTextAsCoresWriter() {
        ColumnarRecords store;
        std::vector<RequestRecord> in;
        for (int i = 0; i < 5000; ++i) in.push_back(distinctRecord(i));
        in[3].error = "a \"quoted\", multi\nline error";
        for (const auto& r : in) store.append(r);
        QTemporaryDir dir;
        const QString streamed = dir.filePath("streamed.csv");
        const QString whole = dir.filePath("whole.csv");
        std::size_t calls = 0;
        QVERIFY(exportRecordsCsv(streamed, store.view(), [&](std::size_t done, std::size_t n) {
            ++calls;
            return done <= n;
        }));
        QVERIFY(calls >= 1);
        QVERIFY(writeRecordsCsvAtomic(whole.toStdString(), in));
        QFile a(streamed), b(whole);
        QVERIFY(a.open(QIODevice::ReadOnly));
        QVERIFY(b.open(QIODevice::ReadOnly));
        QCOMPARE(a.readAll(), b.readAll());
        // Cancelled: no file.
        const QString cancelled = dir.filePath("cancelled.csv");
        QVERIFY(!exportRecordsCsv(cancelled, store.view(),
                                  [](std::size_t, std::size_t) { return false; }));
        QVERIFY(!QFile::exists(cancelled));
    }

    void realsKeepTheirCsvTextAtRoundingTies() {
        // Values a float would write differently at the 3rd decimal are kept as doubles.
        ColumnarRecords store;
        const std::vector<double> values = {0.0005,     1.0005,  2.2225,     16777217.0,
                                            12345.6785, -0.0005, 99999.999,  1e-300,
                                            3e12,       0.1,     1234567.891};
        for (double v : values) {
            RequestRecord r;
            r.preexecution_time = v;
            store.append(r);
        }
        const std::size_t col = std::size_t(RecordColumnsView::columnOf("preexecution_time"));
        for (std::size_t i = 0; i < values.size(); ++i) {
            RequestRecord r;
            r.preexecution_time = values[i];
            QCOMPARE(store.cellText(i, col), fieldText(r, &RequestRecord::preexecution_time));
        }
    }

    void repeatedTextIsInternedOnce() {
        ColumnarRecords store;
        const char* strategies[] = {"static-device", "static-cloud", "pieslicer"};
        for (int i = 0; i < 3000; ++i) {
            RequestRecord r;
            r.strategy = strategies[i % 3];
            r.image_name_orig = "image_" + std::to_string(i / 3) + ".jpg";
            store.append(r);
        }
        const auto strategy = std::size_t(RecordColumnsView::columnOf("strategy"));
        const auto image = std::size_t(RecordColumnsView::columnOf("image_name_orig"));
        const auto device = std::size_t(RecordColumnsView::columnOf("device"));
        QCOMPARE(store.distinctTexts(strategy), std::size_t(3));
        QCOMPARE(store.distinctTexts(image), std::size_t(1000));
        QCOMPARE(store.distinctTexts(device), std::size_t(1));
        QCOMPARE(store.textId(0, strategy), store.textId(2999, strategy) - 2);
        QCOMPARE(store.text(3, strategy), std::string_view("static-device"));
        QCOMPARE(store.text(2999, image), std::string_view("image_999.jpg"));
        QCOMPARE(store.text(5, device), std::string_view("this machine"));
    }

    void aViewKeepsItsRowsWhileTheStoreGrowsAndWidens() {
        // Rows past the first chunk, integers and ids that outgrow 1 and 2 bytes, reals that
        // outgrow float: chunks are widened while a view taken earlier still reads them.
        ColumnarRecords store;
        const auto repeat = std::size_t(RecordColumnsView::columnOf("repeat"));
        const auto total = std::size_t(RecordColumnsView::columnOf("time_total"));
        const auto stamp = std::size_t(RecordColumnsView::columnOf("timestamp"));
        auto make = [](int i) {
            RequestRecord r;
            r.repeat = i < 20000 ? i % 100 : i * 1000;
            r.time_total = i < 20000 ? 1.5 : 1e9 + i + 0.125;
            r.timestamp = "t" + std::to_string(i);
            return r;
        };
        for (int i = 0; i < 20000; ++i) store.append(make(i));
        const RecordColumnsView before = store.view();
        for (int i = 20000; i < 90000; ++i) store.append(make(i));
        QCOMPARE(before.size(), std::size_t(20000));
        QCOMPARE(store.size(), std::size_t(90000));
        for (std::size_t i :
             {std::size_t(0), std::size_t(16383), std::size_t(16384), std::size_t(19999)}) {
            QCOMPARE(before.number(i, repeat), double(i % 100));
            QCOMPARE(before.number(i, total), 1.5);
            QCOMPARE(before.text(i, stamp), std::string_view("t" + std::to_string(i)));
            QCOMPARE(store.number(i, repeat), double(i % 100));
        }
        for (int i : {20000, 65535, 65536, 70000, 89999}) {
            const auto row = std::size_t(i);
            QCOMPARE(store.number(row, repeat), double(i * 1000));
            QCOMPARE(store.number(row, total), 1e9 + i + 0.125);
            QCOMPARE(store.text(row, stamp), std::string_view("t" + std::to_string(i)));
        }
        QCOMPARE(store.distinctTexts(stamp), std::size_t(90000));
    }

    void aRecordCostsAtMost400Bytes() {
        // A study's records: unique timestamps and measurement ids, images seen by three
        // strategies, measured times with 3 decimals.
        ColumnarRecords store;
        std::mt19937 rng(7);
        std::lognormal_distribution<double> ms(5.0, 1.0);
        const char* strategies[] = {"static-device", "static-cloud", "pieslicer"};
        const int n = 100000;
        for (int i = 0; i < n; ++i) {
            RequestRecord r;
            r.timestamp = "2026-11-30T06:" + std::to_string(10 + i % 50) + ":00." +
                          std::to_string(100000 + i) + "Z";
            r.measurement_id = std::to_string(i / 3) + (i % 2 ? "/local" : "/remote");
            r.strategy = r.algorithm = strategies[i % 3];
            r.image_name_orig = r.image_name_sent = "img_" + std::to_string(i / 3) + ".jpg";
            r.orig_size = double(100000 + i * 37 % 4000000);
            r.sent_size = r.orig_size / 3;
            for (double* t : {&r.time_local_preprocess, &r.time_local_remote, &r.transfer_time_real,
                              &r.time_remote_load, &r.preexecution_time, &r.time_total,
                              &r.curl_connect, &r.time_remote_total})
                *t = std::round(ms(rng) * 1000) / 1000;
            r.http_status = 200;
            r.orig_dims_x = 4032;
            r.orig_dims_y = 3024;
            store.append(r);
        }
        const double perRecord = double(store.bytesUsed()) / n;
        qInfo("columnar store: %.1f bytes per record", perRecord);
        QVERIFY2(perRecord <= 400, qPrintable(QString::number(perRecord)));
    }
};

QTEST_MAIN(TestColumnarRecords)
#include "test_columnar_records.moc"
