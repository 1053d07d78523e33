#pragma once
// Where a run's finished records go, one at a time as they are measured: the CSV file,
// the dashboard's feed, a test's callback. One small interface for every front end.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "domain/request_record.h"
#include "run/record_csv.h"
#include "run/record_sqlite.h"
#include "util/expected.h"

namespace pieslicer {

struct RunProgress {
    std::size_t done = 0;
    std::size_t total = 0;
    double elapsedMs = 0;
    double etaMs = 0;
};

class RecordSink {
  public:
    virtual ~RecordSink() = default;
    // An error ends the run with it (a CSV that cannot be written loses measurements).
    virtual Expected<bool> put(const RequestRecord& record, const RunProgress& progress) = 0;
};

// Appends each record to a CSV file and flushes it: a killed run loses nothing finished.
class CsvRecordSink : public RecordSink {
  public:
    static Expected<std::unique_ptr<CsvRecordSink>> open(const std::string& path);
    Expected<bool> put(const RequestRecord& record, const RunProgress&) override {
        return writer_.append(record);
    }

  private:
    explicit CsvRecordSink(RecordCsvWriter writer) : writer_(std::move(writer)) {}
    RecordCsvWriter writer_;
};

// Appends each record to the prototype's SQLite database (one committed transaction per
// record, WAL mode): like the CSV, a killed run loses nothing finished.
class SqliteRecordSink : public RecordSink {
  public:
    static Expected<std::unique_ptr<SqliteRecordSink>> open(const std::string& path);
    Expected<bool> put(const RequestRecord& record, const RunProgress&) override {
        return writer_.append(record);
    }

  private:
    explicit SqliteRecordSink(RecordSqliteWriter writer) : writer_(std::move(writer)) {}
    RecordSqliteWriter writer_;
};

// Hands each record to a function (progress lines, the dashboard's feed); never fails.
class CallbackRecordSink : public RecordSink {
  public:
    using Callback = std::function<void(const RequestRecord&, const RunProgress&)>;
    explicit CallbackRecordSink(Callback callback) : callback_(std::move(callback)) {}
    Expected<bool> put(const RequestRecord& record, const RunProgress& progress) override {
        if (callback_) callback_(record, progress);
        return true;
    }

  private:
    Callback callback_;
};

}  // namespace pieslicer
