#include "experiment_file.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

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
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail("cannot open " + path.toStdString() + ": " + f.errorString().toStdString());
    if (f.size() > (1ll << 30)) return fail(path.toStdString() + " is over 1 GB");
    QJsonParseError err;
    const auto doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (doc.isNull())
        return fail(path.toStdString() + " is not JSON: " + err.errorString().toStdString() +
                    " at offset " + std::to_string(err.offset));
    const QJsonObject o = doc.object();
    if (o.value("format").toString() != kFormat)
        return fail(path.toStdString() + " is not a PieSlicer experiment (no \"format\": \"" +
                    kFormat + "\")");
    if (o.value("version").toInt() > kVersion)
        return fail(path.toStdString() + " was written by a newer version (format version " +
                    std::to_string(o.value("version").toInt()) + ")");
    ExperimentFile e;
    e.config = DashboardConfig::fromJson(o.value("config").toObject());
    e.savedAt = o.value("saved_at").toString();
    e.note = o.value("note").toString();
    const std::string csv = o.value("records_csv").toString().toStdString();
    if (!csv.empty()) {
        auto records = parseRecordsCsv(csv);
        if (!records) return fail(path.toStdString() + ": records: " + records.error());
        e.records = std::move(records.value());
    }
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
