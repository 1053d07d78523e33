#include "experiment_file.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include "experiment_reader.h"
#include "run/record_csv.h"
#include "run/record_sqlite.h"

namespace pieslicer::ui {

namespace {
constexpr const char* kFormat = "pieslicer-experiment";
constexpr int kVersion = 1;
}  // namespace

Expected<bool> saveExperiment(const QString& path, const ExperimentFile& e) {
    QJsonObject o;
    o["format"] = kFormat;
    o["version"] = kVersion;
    o["saved_at"] =
        e.savedAt.isEmpty() ? QDateTime::currentDateTimeUtc().toString(Qt::ISODate) : e.savedAt;
    o["note"] = e.note;
    o["config"] = e.config.toJson();
    o["record_count"] = qint64(e.records.size());
    std::string csv = csvHeaderLine();
    for (const auto& r : e.records) csv += csvLine(r);
    o["records_csv"] = QString::fromStdString(csv);
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return fail("cannot write " + path.toStdString() + ": " + f.errorString().toStdString());
    f.write(QJsonDocument(o).toJson(QJsonDocument::Indented));
    if (!f.commit())
        return fail("cannot write " + path.toStdString() + ": " + f.errorString().toStdString());
    return true;
}

Expected<ExperimentFile> loadExperiment(const QString& path) {
    auto head = readExperimentHead(path);
    if (!head) return fail(head.error());
    ExperimentFile e;
    e.config = head->config;
    e.savedAt = head->savedAt;
    e.note = head->note;
    e.records.reserve(head->recordCount);
    auto read = readExperimentRecords(
        path, 1 << 14, [&](std::vector<RequestRecord> batch, std::uint64_t, std::uint64_t) {
            for (auto& r : batch) e.records.push_back(std::move(r));
            return true;
        });
    if (!read) return fail(read.error());
    return e;
}

Expected<bool> exportRecordsCsv(const QString& path, const std::vector<RequestRecord>& records) {
    return writeRecordsCsvAtomic(path.toStdString(), records);
}

Expected<bool> exportRecordsCsv(const QString& path, const RecordColumnsView& records,
                                const std::function<bool(std::size_t, std::size_t)>& progress) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return fail("cannot write " + path.toStdString() + ": " + f.errorString().toStdString());
    std::string piece = csvHeaderLine();
    const std::size_t n = records.size();
    for (std::size_t row = 0; row < n; ++row) {
        piece += csvLine(records.record(row));
        if (piece.size() < (1u << 20) && row + 1 < n) continue;
        if (f.write(piece.data(), qint64(piece.size())) != qint64(piece.size())) break;
        piece.clear();
        if (progress && !progress(row + 1, n)) {
            f.cancelWriting();
            return fail("export of " + path.toStdString() + " cancelled");
        }
    }
    if (!piece.empty()) f.write(piece.data(), qint64(piece.size()));
    if (!f.commit())
        return fail("cannot write " + path.toStdString() + ": " + f.errorString().toStdString());
    return true;
}

Expected<bool> exportRecordsSqlite(const QString& path, const RecordColumnsView& records,
                                   const std::function<bool(std::size_t, std::size_t)>& progress) {
    constexpr std::size_t kBatch = 5000;
    const std::size_t n = records.size();
    std::size_t row = 0;
    return writeRecordsSqliteAtomic(
        path.toStdString(), [&](std::vector<RequestRecord>& batch, bool& cancelled) {
            if (row >= n) return false;
            if (progress && !progress(row, n)) {
                cancelled = true;
                return false;
            }
            for (const std::size_t end = std::min(n, row + kBatch); row < end; ++row)
                batch.push_back(records.record(row));
            return true;
        });
}

}  // namespace pieslicer::ui
