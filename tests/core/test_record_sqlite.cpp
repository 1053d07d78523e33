// The prototype's database (issue 11, item 3): records written as its `inference_results`
// table come back column for column; the table has the prototype's columns in its order
// and types, then ours; the file is in WAL mode; the prototype's own query and its pandas
// loading steps read it; the prototype's own files (no columns of ours) are read too.
#include <sqlite3.h>

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <nlohmann/json.hpp>
#include <set>

#include "run/record_csv.h"
#include "run/record_sink.h"
#include "run/record_sqlite.h"
#include "support/support.h"

using namespace pieslicer;

namespace {

// The prototype's columns as PIESLICER.md lists them, kept here as written there so a typo
// in core's list cannot pass.
const char* kPrototypeColumnsAsDocumented =
    "algorithm, test_image_bool, sla_target, time_local_preprocess_check, "
    "time_local_preprocess_check_filesize, time_local_preprocess_check_dimensions, "
    "run_tag, network_offset, ping_time, preexecution_time_estimate, "
    "transfer_time_estimate, transfer_time_real, transfer_time_delta, "
    "transfer_time_delta_raw, image_name_orig, image_name_sent, orig_size, sent_size, "
    "image_dims, orig_dims_x, orig_dims_y, time_local_pieslicer, "
    "time_local_preprocess, time_local_preprocess_resize, time_local_preprocess_save, "
    "time_local_total, time_local_remote, expected_time_local_prep, "
    "expected_time_remote_prep, preprocess_location, preprocess_location_real, "
    "time_remote_routing, time_remote_save, time_remote_network, "
    "time_remote_transfer, time_remote_prepieslicer, time_remote_pieslicer, "
    "time_remote_load, time_remote_general_resize, time_remote_specific_resize, "
    "time_remote_convert, time_remote_post_network, time_remote_inference, "
    "time_remote_total, time_budget, model_name, model_accuracy, inference_result, "
    "offset_change, time_total";

std::vector<std::string> documentedColumns() {
    std::vector<std::string> out;
    std::string text = kPrototypeColumnsAsDocumented, item;
    for (char c : text + ",") {
        if (c == ',') {
            out.push_back(item);
            item.clear();
        } else if (c != ' ') {
            item += c;
        }
    }
    return out;
}

// A record whose every column holds a value of its own (text with a comma and a quote,
// integers, reals with three decimals as the CSV writes them).
RequestRecord distinctRecord(int seed) {
    RequestRecord r;
    int i = 0;
    for (const auto& col : recordColumns()) {
        ++i;
        if (auto s = std::get_if<std::string RequestRecord::*>(&col.field))
            r.** s = std::string(col.name) + " \"" + std::to_string(seed) + "\", é";
        else if (auto n = std::get_if<int RequestRecord::*>(&col.field))
            r.** n = seed * 100 + i;
        else
            r.*std::get<double RequestRecord::*>(col.field) = seed * 1000 + i + 0.125;
    }
    r.status = "ok";
    r.preprocess_location = seed % 2 ? "local" : "remote";
    r.algorithm = seed % 2 ? "static local" : "dynamic";
    r.model_name = "nasnet_large";
    r.timestamp = "2026-11-30T12:00:0" + std::to_string(seed % 10) + "Z";
    return r;
}

struct Db {
    sqlite3* db = nullptr;
    explicit Db(const QString& path) {
        sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    }
    ~Db() { sqlite3_close(db); }
    // Rows of a query, every value as text ("" for NULL).
    std::vector<std::vector<std::string>> rows(const char* sql) const {
        std::vector<std::vector<std::string>> out;
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) return out;
        while (sqlite3_step(st) == SQLITE_ROW) {
            std::vector<std::string> row;
            for (int c = 0; c < sqlite3_column_count(st); ++c) {
                const unsigned char* t = sqlite3_column_text(st, c);
                row.push_back(t ? reinterpret_cast<const char*>(t) : "");
            }
            out.push_back(row);
        }
        sqlite3_finalize(st);
        return out;
    }
};

}  // namespace

class RecordSqliteTest : public QObject {
    Q_OBJECT
  private slots:
    void everyColumnComesBack() {
        QTemporaryDir tmp;
        const std::string path = tmp.filePath("r.db").toStdString();
        const std::vector<RequestRecord> first = {distinctRecord(1), distinctRecord(2)};
        const std::vector<RequestRecord> second = {distinctRecord(3)};
        QVERIFY(appendRecordsSqlite(path, first).ok());
        QVERIFY(appendRecordsSqlite(path, second).ok());  // appends to the same table
        auto back = readRecordsSqlite(path);
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().c_str());
        QCOMPARE(back->size(), std::size_t(3));
        for (int i = 0; i < 3; ++i) {
            const RequestRecord expected = distinctRecord(i + 1);
            for (const auto& col : recordColumns())
                QVERIFY2(fieldText(back->at(std::size_t(i)), col.field) ==
                             fieldText(expected, col.field),
                         col.name);
        }
    }

    void tableHasThePrototypesColumnsInOrderThenOurs() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("r.db");
        QVERIFY(appendRecordsSqlite(path.toStdString(), {distinctRecord(1)}).ok());
        QCOMPARE(prototypeColumns(), documentedColumns());
        const auto info = Db(path).rows("PRAGMA table_info(inference_results)");
        // cid, name, type, notnull, dflt_value, pk
        const auto documented = documentedColumns();
        QVERIFY(info.size() > documented.size() + 2);
        QCOMPARE(info[0][1], std::string("_id"));
        QCOMPARE(info[0][2], std::string("INTEGER"));
        QCOMPARE(info[0][5], std::string("1"));
        for (std::size_t i = 0; i < documented.size(); ++i) {
            QCOMPARE(info[i + 1][1], documented[i]);
            QCOMPARE(info[i + 1][2], std::string("TEXT"));
        }
        const auto& stamp = info[documented.size() + 1];
        QCOMPARE(stamp[1], std::string("timeStamp"));
        QCOMPARE(stamp[2], std::string("TIMESTAMP"));
        QCOMPARE(stamp[4], std::string("CURRENT_TIMESTAMP"));
        // Ours after them, typed, among them the columns the prototype lacks.
        std::set<std::string> ours;
        for (std::size_t i = documented.size() + 2; i < info.size(); ++i) ours.insert(info[i][1]);
        QVERIFY(ours.count("strategy") && ours.count("preexecution_time") && ours.count("status"));
        QVERIFY(!ours.count("timestamp"));  // it is the prototype's timeStamp
    }

    void fileIsInWalMode() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("r.db");
        auto writer = RecordSqliteWriter::open(path.toStdString());
        QVERIFY(writer.ok());
        QVERIFY(writer->append(distinctRecord(1)).ok());
        QCOMPARE(Db(path).rows("PRAGMA journal_mode")[0][0], std::string("wal"));
        QVERIFY(looksLikeSqlite(path.toStdString()));
    }

    void thePrototypesQueryReadsOurRows() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("r.db");
        std::vector<RequestRecord> records;
        for (int i = 1; i <= 4; ++i) records.push_back(distinctRecord(i));
        QVERIFY(writeRecordsSqliteAtomic(path.toStdString(), records).ok());
        const Db db(path);
        const auto all = db.rows("SELECT * FROM inference_results;");
        QCOMPARE(all.size(), records.size());
        // What its loader computes, in SQL: pre-execution time per algorithm, MB sent.
        const auto byAlgorithm = db.rows(
            "SELECT algorithm, AVG(CAST(time_local_preprocess AS REAL) + "
            "CAST(time_local_remote AS REAL) - CAST(time_remote_inference AS REAL)), "
            "SUM(CAST(sent_size AS REAL)) / 1e6, MIN(CAST(test_image_bool AS INTEGER)) "
            "FROM inference_results GROUP BY algorithm ORDER BY algorithm");
        QCOMPARE(byAlgorithm.size(), std::size_t(2));
        for (const auto& row : byAlgorithm) {
            double expected = 0, mb = 0;
            int n = 0;
            for (const auto& r : records)
                if (r.algorithm == row[0]) {
                    expected +=
                        r.time_local_preprocess + r.time_local_remote - r.time_remote_inference;
                    mb += r.sent_size / 1e6;
                    ++n;
                }
            QVERIFY(n > 0);
            QVERIFY(std::abs(std::stod(row[1]) - expected / n) < 1e-6);
            QVERIFY(std::abs(std::stod(row[2]) - mb) < 1e-9);
            QCOMPARE(row[3], std::string("0"));
        }
    }

    void readsThePrototypesOwnTable() {
        // A file as the prototype's app wrote it: its columns only, all text.
        QTemporaryDir tmp;
        const QString path = tmp.filePath("prototype.db");
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
        std::string create = "CREATE TABLE inference_results (_id INTEGER PRIMARY KEY";
        for (const auto& c : documentedColumns()) create += ", " + c + " TEXT DEFAULT ''";
        create += ", timeStamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP)";
        QCOMPARE(sqlite3_exec(db, create.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db,
                              "INSERT INTO inference_results (algorithm, image_name_orig, "
                              "orig_size, time_local_preprocess, time_local_remote, "
                              "time_remote_inference, preprocess_location) VALUES ('dynamic', "
                              "'a.jpg', '2500000', '120.5', '300', '40', 'local')",
                              nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        auto read = readRecordsSqlite(path.toStdString());
        QVERIFY2(read.ok(), read.ok() ? "" : read.error().c_str());
        QCOMPARE(read->size(), std::size_t(1));
        const RequestRecord& r = read->front();
        QCOMPARE(r.algorithm, std::string("dynamic"));
        QCOMPARE(r.orig_size, 2500000.0);
        QCOMPARE(r.preexecution_time, 120.5 + 300 - 40);  // the prototype's own formula
        // Appending extends its table with our columns and keeps its row.
        QVERIFY(appendRecordsSqlite(path.toStdString(), {distinctRecord(1)}).ok());
        auto both = readRecordsSqlite(path.toStdString());
        QVERIFY(both.ok());
        QCOMPARE(both->size(), std::size_t(2));
        QCOMPARE(both->at(1).strategy, distinctRecord(1).strategy);
    }

    void badFilesAreErrorsNotCrashes() {
        QTemporaryDir tmp;
        const std::string csv = tmp.filePath("r.csv").toStdString();
        QVERIFY(writeRecordsCsvAtomic(csv, {distinctRecord(1)}).ok());
        QVERIFY(!looksLikeSqlite(csv));
        auto notDb = readRecordsSqlite(csv);
        QVERIFY(!notDb.ok());
        QVERIFY(!readRecordsSqlite(tmp.filePath("missing.db").toStdString()).ok());
        // A database with another table is not ours to read.
        const QString other = tmp.filePath("other.db");
        sqlite3* db = nullptr;
        sqlite3_open(other.toUtf8().constData(), &db);
        sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr);
        sqlite3_close(db);
        auto wrong = readRecordsSqlite(other.toStdString());
        QVERIFY(!wrong.ok());
        QVERIFY(wrong.error().find("not a PieSlicer database") != std::string::npos);
        QVERIFY(!RecordSqliteWriter::open(tmp.filePath("no/such/dir/r.db").toStdString()).ok());
    }

    void sinkAppendsEachRecordAsMeasured() {
        QTemporaryDir tmp;
        const std::string path = tmp.filePath("live.db").toStdString();
        auto sink = SqliteRecordSink::open(path);
        QVERIFY(sink.ok());
        QVERIFY(sink.value()->put(distinctRecord(1), {}).ok());
        // Another connection sees the committed row while the writer is still open.
        auto seen = readRecordsSqlite(path);
        QVERIFY(seen.ok());
        QCOMPARE(seen->size(), std::size_t(1));
        QVERIFY(sink.value()->put(distinctRecord(2), {}).ok());
        QCOMPARE(readRecordsSqlite(path)->size(), std::size_t(2));
    }

    // The prototype's pandas loading steps (PIESLICER.md; its analysis scripts' loader):
    // read_sql_query("SELECT * FROM inference_results;"), a DatetimeIndex from timeStamp,
    // to_numeric on its numeric columns, int() of test_image_bool, `del df["_id"]`, sizes in
    // MB and preexec_time. Skipped where python3-pandas is not installed.
    void pandasLoadsOurFileAsThePrototypeDid() {
        // Debian's python3 first: python3-pandas installs there, whatever else is on the PATH.
        QString python;
        for (const QString& candidate :
             {QString("/usr/bin/python3"), QStandardPaths::findExecutable("python3")}) {
            QProcess probe;
            probe.start(candidate, {"-c", "import pandas"});
            if (!candidate.isEmpty() && probe.waitForFinished(60000) && probe.exitCode() == 0) {
                python = candidate;
                break;
            }
        }
        if (python.isEmpty())
            QSKIP("python3-pandas is not installed (scripts/setup.sh installs it)");
        QTemporaryDir tmp;
        const QString path = tmp.filePath("r.db");
        std::vector<RequestRecord> records;
        for (int i = 1; i <= 4; ++i) records.push_back(distinctRecord(i));
        QVERIFY(writeRecordsSqliteAtomic(path.toStdString(), records).ok());
        QProcess load;
        load.start(python, {QString(PIESLICER_SOURCE_DIR) + "/scripts/prototype_loader.py", path});
        QVERIFY(load.waitForFinished(120000));
        QVERIFY2(load.exitCode() == 0, load.readAllStandardError().constData());
        const auto j =
            nlohmann::json::parse(load.readAllStandardOutput().toStdString(), nullptr, false);
        QVERIFY(!j.is_discarded());
        QCOMPARE(j.at("rows").get<int>(), 4);
        for (const auto& r : records) {
            const double preexec =
                r.time_local_preprocess + r.time_local_remote - r.time_remote_inference;
            const double got = j.at("preexec_time").at(r.image_name_orig).get<double>();
            QVERIFY2(std::abs(got - preexec) < 1e-6, r.image_name_orig.c_str());
        }
        QCOMPARE(j.at("test_image_true").get<int>(), 0);
    }
};

QTEST_GUILESS_MAIN(RecordSqliteTest)
#include "test_record_sqlite.moc"
