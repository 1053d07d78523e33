#include "run/record_sink.h"

namespace pieslicer {

Expected<std::unique_ptr<CsvRecordSink>> CsvRecordSink::open(const std::string& path) {
    auto writer = RecordCsvWriter::open(path);
    if (!writer) return fail(writer.error());
    return std::unique_ptr<CsvRecordSink>(new CsvRecordSink(std::move(writer.value())));
}

Expected<std::unique_ptr<SqliteRecordSink>> SqliteRecordSink::open(const std::string& path) {
    auto writer = RecordSqliteWriter::open(path);
    if (!writer) return fail(writer.error());
    return std::unique_ptr<SqliteRecordSink>(new SqliteRecordSink(std::move(writer.value())));
}

}  // namespace pieslicer
