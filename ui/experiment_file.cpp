#include "experiment_file.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "experiment_reader.h"
#include "run/record_csv.h"
#include "run/record_sqlite.h"

namespace pieslicer::ui {

namespace {
constexpr const char* kFormat = "pieslicer-experiment";
constexpr int kVersion = 1;
}  // namespace

namespace {

// QSaveFile (atomic: a temporary renamed into place on commit) that keeps the system's
// reason for a failure: QSaveFile itself says "Unknown error" for a full disk.
class AtomicFile {
  public:
    explicit AtomicFile(const QString& path) : path_(path), f_(path) {}
    bool open() { return check(f_.open(QIODevice::WriteOnly)); }
    bool write(const char* data, qint64 size) { return check(f_.write(data, size) == size); }
    bool write(const std::string& s) { return write(s.data(), qint64(s.size())); }
    bool commit() { return check(f_.commit()); }
    // "cannot write PATH: No space left on device"; the temporary file is removed and the
    // target left as it was.
    Error failure() {
        f_.cancelWriting();
        const std::string why = errno_ ? std::strerror(errno_) : f_.errorString().toStdString();
        return fail("cannot write " + path_.toStdString() + ": " + why);
    }
    Error cancelled() {
        f_.cancelWriting();
        return fail("writing " + path_.toStdString() + " was cancelled");
    }

  private:
    bool check(bool ok) {
        if (!ok && errno_ == 0) errno_ = errno;
        errno = 0;
        return ok;
    }
    QString path_;
    QSaveFile f_;
    int errno_ = 0;
};

// CSV text as the inside of a JSON string (UTF-8 passes through).
void appendJsonEscaped(std::string& out, const std::string& text) {
    for (const char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char u[8];
                    std::snprintf(u, sizeof u, "\\u%04x", unsigned(c));
                    out += u;
                } else {
                    out += c;
                }
        }
    }
}

// The experiment's JSON written in pieces: QJsonDocument writes everything but the records
// (their string left empty), and the records' CSV is escaped into that string a megabyte
// at a time, so a million records never exist as one string (or three, as before).
Expected<bool> writeExperiment(const QString& path, const DashboardConfig& config,
                               const QString& savedAt, const QString& note, std::size_t count,
                               const std::function<const RequestRecord*(std::size_t)>& record,
                               const WriteProgress& progress = {}) {
    QJsonObject o;
    o["format"] = kFormat;
    o["version"] = kVersion;
    o["saved_at"] =
        savedAt.isEmpty() ? QDateTime::currentDateTimeUtc().toString(Qt::ISODate) : savedAt;
    o["note"] = note;
    o["config"] = config.toJson();
    o["record_count"] = qint64(count);
    o["records_csv"] = QString();
    const QByteArray doc = QJsonDocument(o).toJson(QJsonDocument::Indented);
    const QByteArray key = "\"records_csv\": \"\"";
    const qsizetype at = doc.indexOf(key);
    if (at < 0) return fail("cannot write " + path.toStdString() + ": no records field");
    const qsizetype split = at + key.size() - 1;  // before the closing quote
    AtomicFile f(path);
    if (!f.open() || !f.write(doc.constData(), split)) return f.failure();
    std::string piece;
    appendJsonEscaped(piece, csvHeaderLine());
    for (std::size_t i = 0; i < count; ++i) {
        appendJsonEscaped(piece, csvLine(*record(i)));
        if (piece.size() < (1u << 20) && i + 1 < count) continue;
        // A full disk stops the write here, not after a million more records.
        if (!f.write(piece)) return f.failure();
        piece.clear();
        if (progress && !progress(i + 1, count)) return f.cancelled();
    }
    if (!f.write(piece) || !f.write(doc.constData() + split, doc.size() - split) || !f.commit())
        return f.failure();
    return true;
}

}  // namespace

Expected<bool> saveExperiment(const QString& path, const ExperimentFile& e) {
    return writeExperiment(path, e.config, e.savedAt, e.note, e.records.size(),
                           [&](std::size_t i) { return &e.records[i]; });
}

Expected<bool> saveExperiment(const QString& path, const DashboardConfig& config,
                              const RecordColumnsView& records, const WriteProgress& progress) {
    RequestRecord r;
    return writeExperiment(
        path, config, {}, {}, records.size(),
        [&](std::size_t i) {
            r = records.record(i);
            return &r;
        },
        progress);
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
    AtomicFile f(path);
    if (!f.open()) return f.failure();
    std::string piece = csvHeaderLine();
    const std::size_t n = records.size();
    for (std::size_t row = 0; row < n; ++row) {
        piece += csvLine(records.record(row));
        if (piece.size() < (1u << 20) && row + 1 < n) continue;
        if (!f.write(piece)) return f.failure();
        piece.clear();
        if (progress && !progress(row + 1, n)) return f.cancelled();
    }
    if (!f.write(piece) || !f.commit()) return f.failure();
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
