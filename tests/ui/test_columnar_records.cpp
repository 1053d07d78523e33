// The columnar record store (issue #15): every CSV column survives the columns, text is
// interned, chunks widen alone, a view is a stable snapshot, and a record costs at most
// 400 bytes.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <cstring>
#include <limits>
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
        // Then a stretch the columns keep as constant chunks and thousandths.
        for (int i = 0; i < 40000; ++i) {
            RequestRecord r;
            r.rtt_ms = i < 30000 ? std::numeric_limits<double>::quiet_NaN() : 93;
            r.time_total = 20000 + i * 1.2345678;
            r.orig_size = 2e7 + i * 0.5;
            in.push_back(r);
        }
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

    void constantChunksKeepTheirValueAndWidenWhenOneDiffers() {
        // Columns constant for a chunk and more (a device, a link, zero, NaN, -0, empty
        // text, extremes) hold the value once; a different value later gives the chunk
        // cells, and a view taken before still reads the constant.
        const double nan = std::numeric_limits<double>::quiet_NaN();
        auto make = [&](int i) {
            RequestRecord r;
            r.device = i < 20000 ? "pixel-7" : "";
            r.repeat =
                i < 30000 ? std::numeric_limits<int>::min() : std::numeric_limits<int>::max();
            r.rtt_ms = i < 25000 ? nan : 93.0;
            r.link_error_pct = i < 25000 ? -0.0 : 1e300;
            r.uplink_mbps = i == 17000 ? -std::numeric_limits<double>::infinity() : 52.25;
            return r;
        };
        ColumnarRecords store;
        for (int i = 0; i < 18000; ++i) store.append(make(i));
        const RecordColumnsView before = store.view();
        // Constant columns hold no cells: 18,000 records in far less than a byte a cell.
        QVERIFY2(store.bytesUsed() < 18000 * 10, qPrintable(QString::number(store.bytesUsed())));
        for (int i = 18000; i < 40000; ++i) store.append(make(i));
        const auto& cols = recordColumns();
        for (int i : {0, 16383, 16384, 16999, 17000, 17001, 19999, 20000, 24999, 25000, 29999,
                      30000, 39999}) {
            const RequestRecord want = make(i);
            const RequestRecord back = store.record(std::size_t(i));
            for (std::size_t c = 0; c < cols.size(); ++c) {
                QCOMPARE(store.cellText(std::size_t(i), c), fieldText(want, cols[c].field));
                QCOMPARE(fieldText(back, cols[c].field), fieldText(want, cols[c].field));
            }
            QCOMPARE(back.repeat, want.repeat);
            QCOMPARE(std::isnan(back.rtt_ms), std::isnan(want.rtt_ms));
            QCOMPARE(std::signbit(back.link_error_pct), std::signbit(want.link_error_pct));
            QCOMPARE(back.uplink_mbps, want.uplink_mbps);
            if (i < 18000) {
                const RequestRecord old = before.record(std::size_t(i));
                QCOMPARE(old.device, want.device);
                QCOMPARE(old.uplink_mbps, want.uplink_mbps);
                QCOMPARE(std::isnan(old.rtt_ms), std::isnan(want.rtt_ms));
            }
        }
        QCOMPARE(store.text(20000, std::size_t(RecordColumnsView::columnOf("device"))),
                 std::string_view(""));
    }

    void realsAsThousandthsKeepTheirCsvText() {
        // Reals a float cannot keep to the 3rd decimal (a time past 16 s, a size past 16 MB)
        // are kept as thousandths when those write the same text; values past the range,
        // at a tie, "-0" or "-nan" fall back to doubles. One chunk sees them all in turn.
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const std::vector<double> values = {0.5,         // float
                                            12345.6789,  // thousandths
                                            -98765.4321,
                                            2147483.647,
                                            0.0004,
                                            -0.0004,
                                            nan,
                                            1.0625,
                                            65536.0005,
                                            99999.9995,
                                            -2147483.64,
                                            2147484.0,
                                            std::nextafter(0.0005, 1.0),
                                            1e-300,
                                            -std::numeric_limits<double>::infinity(),
                                            -nan,
                                            3e12,
                                            7.0};
        ColumnarRecords store;
        for (double v : values) {
            RequestRecord r;
            r.time_total = v;
            store.append(r);
        }
        const auto col = std::size_t(RecordColumnsView::columnOf("time_total"));
        for (std::size_t i = 0; i < values.size(); ++i) {
            RequestRecord r;
            r.time_total = values[i];
            QCOMPARE(store.cellText(i, col), fieldText(r, &RequestRecord::time_total));
            QCOMPARE(realFieldText(store.record(i).time_total), realFieldText(values[i]));
        }
        // Thousandths alone: 4 bytes a cell where doubles were 8.
        ColumnarRecords times;
        std::mt19937 rng(3);
        std::uniform_real_distribution<double> ms(20000, 2e6);
        std::vector<double> kept;
        for (int i = 0; i < 50000; ++i) {
            RequestRecord r;
            r.time_total = ms(rng);
            kept.push_back(r.time_total);
            times.append(r);
        }
        for (std::size_t i = 0; i < kept.size(); ++i) {
            QCOMPARE(times.cellText(i, col), realFieldText(kept[i]));
            QVERIFY(std::fabs(times.number(i, col) - kept[i]) <= 0.0005 + 1e-9);
        }
        QVERIFY2(times.bytesUsed() < 50000 * 5, qPrintable(QString::number(times.bytesUsed())));
    }

    void rowsReadTheSameBeforeAndAfterTheirChunkWidens() {
        // The Compare cache keeps values read from earlier rows; a pass that reads them again
        // after their chunk got cells or wider cells must get the very same numbers.
        const std::vector<std::vector<double>> sequences = {
            {0.1, 0.1, 12.345678, 20000.1234567, 1e300},                 // constant, float, double
            {20000.1234567, 20000.1234567, 30000.5, 0.0625, 2147484.5},  // thousandths, double
            {0.5, 0.25, 30000.4567891, std::numeric_limits<double>::quiet_NaN(), -0.0},
            {0, 0, 0, 45123.4567, 1.0005, 77.7}};
        const auto col = std::size_t(RecordColumnsView::columnOf("transfer_time_real"));
        for (const auto& values : sequences) {
            ColumnarRecords store;
            std::vector<double> firstRead;
            for (double v : values) {
                RequestRecord r;
                r.transfer_time_real = v;
                store.append(r);
                firstRead.push_back(store.number(store.size() - 1, col));
                QCOMPARE(store.cellText(store.size() - 1, col), realFieldText(v));
            }
            for (std::size_t i = 0; i < values.size(); ++i) {
                const double now = store.number(i, col);
                QVERIFY2(std::memcmp(&now, &firstRead[i], sizeof now) == 0 ||
                             (std::isnan(now) && std::isnan(firstRead[i])),
                         qPrintable(QString("row %1: %2 then %3")
                                        .arg(i)
                                        .arg(firstRead[i], 0, 'g', 17)
                                        .arg(now, 0, 'g', 17)));
            }
        }
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
