#pragma once
// Records as the prototype's SQLite database: its `inference_results` table with its own
// columns first (names, order and types as the prototype created them: `_id INTEGER PRIMARY
// KEY`, every column TEXT, `timeStamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP`), then ours,
// typed, after them. The prototype's pandas loader (`SELECT * FROM inference_results`) reads
// these files unchanged. Written in WAL mode, one transaction per batch; read back into
// records, from our files or the prototype's own.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "domain/request_record.h"
#include "util/expected.h"

struct sqlite3;
struct sqlite3_stmt;

namespace pieslicer {

inline constexpr const char* kPrototypeTable = "inference_results";

// The prototype's columns between `_id` and `timeStamp`, in its order (PIESLICER.md).
const std::vector<std::string>& prototypeColumns();

class RecordSqliteWriter {
  public:
    // Opens (or creates) the database, switches it to WAL mode and makes sure the table has
    // every column (an older file of ours gains the new ones); fails with the reason.
    static Expected<RecordSqliteWriter> open(const std::string& path);
    RecordSqliteWriter(RecordSqliteWriter&& other) noexcept;
    RecordSqliteWriter& operator=(RecordSqliteWriter&&) = delete;
    ~RecordSqliteWriter();

    // Appends the batch in one transaction, durable when it returns (synchronous=FULL):
    // all of it or, on an error, none of it.
    Expected<bool> append(const std::vector<RequestRecord>& batch);
    Expected<bool> append(const RequestRecord& record) { return append(std::vector{record}); }

  private:
    RecordSqliteWriter(sqlite3* db, sqlite3_stmt* insert, std::string path)
        : db_(db), insert_(insert), path_(std::move(path)) {}
    sqlite3* db_ = nullptr;
    sqlite3_stmt* insert_ = nullptr;
    std::string path_;
};

// Every row of `inference_results` in `_id` order; columns we do not know are ignored. A
// prototype database without our `preexecution_time` gets it by the prototype's formula.
Expected<std::vector<RequestRecord>> readRecordsSqlite(const std::string& path);

// The one call for a whole set (sweeps, replays): appends `records` to the database at
// `path`, created when missing, in one transaction.
Expected<bool> appendRecordsSqlite(const std::string& path,
                                   const std::vector<RequestRecord>& records);

// A new database holding exactly `records`: written beside `path`, then renamed over it
// (exports: a reader never sees half a file).
Expected<bool> writeRecordsSqliteAtomic(const std::string& path,
                                        const std::vector<RequestRecord>& records);
// The same from batches (a transaction each), so a million records never exist at once:
// `next` fills the next batch and returns false when there is none (or to cancel, after
// setting `cancelled`); a cancelled export leaves nothing behind.
using RecordBatchSource = std::function<bool(std::vector<RequestRecord>& batch, bool& cancelled)>;
Expected<bool> writeRecordsSqliteAtomic(const std::string& path, const RecordBatchSource& next);

// True when the file starts with SQLite's header ("SQLite format 3"): lets a front end
// tell a database from a CSV whatever its name.
bool looksLikeSqlite(const std::string& path);

}  // namespace pieslicer
