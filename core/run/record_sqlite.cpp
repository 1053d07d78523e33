#include "run/record_sqlite.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <set>

namespace pieslicer {
namespace {

// Our `timestamp` is the prototype's `timeStamp` (SQLite names are case-insensitive, so
// they could not be two columns anyway).
constexpr const char* kTimeStamp = "timeStamp";
constexpr const char* kOurTimestamp = "timestamp";

// A prototype column we have nothing for: what the prototype's loader needs there. Its
// `test_image_bool` is read with int(), so it must hold a number; the rest stay empty
// (its loader coerces them to NaN).
std::string fillerFor(const std::string& column) { return column == "test_image_bool" ? "0" : ""; }

const RecordColumn* recordColumnNamed(const std::string& name) {
    static const auto byName = [] {
        std::map<std::string, const RecordColumn*> m;
        for (const auto& c : recordColumns()) m[c.name] = &c;
        return m;
    }();
    const auto it = byName.find(name);
    return it == byName.end() ? nullptr : it->second;
}

bool isPrototypeColumn(const std::string& name) {
    static const std::set<std::string> names(prototypeColumns().begin(), prototypeColumns().end());
    return names.count(name) > 0;
}

// Our columns the prototype does not have, in our order, with their SQLite types.
struct ExtraColumn {
    const RecordColumn* column;
    const char* type;
};
const std::vector<ExtraColumn>& extraColumns() {
    static const auto extras = [] {
        std::vector<ExtraColumn> v;
        for (const auto& c : recordColumns()) {
            if (isPrototypeColumn(c.name) || std::string(c.name) == kOurTimestamp) continue;
            const char* type = std::holds_alternative<std::string RequestRecord::*>(c.field)
                                   ? "TEXT"
                               : std::holds_alternative<int RequestRecord::*>(c.field) ? "INTEGER"
                                                                                       : "REAL";
            v.push_back({&c, type});
        }
        return v;
    }();
    return extras;
}

std::string createTableSql() {
    std::string sql =
        std::string("CREATE TABLE IF NOT EXISTS ") + kPrototypeTable + " (_id INTEGER PRIMARY KEY";
    for (const auto& name : prototypeColumns()) sql += ", " + name + " TEXT";
    sql += std::string(", ") + kTimeStamp + " TIMESTAMP DEFAULT CURRENT_TIMESTAMP";
    for (const auto& e : extraColumns()) sql += std::string(", ") + e.column->name + " " + e.type;
    return sql + ")";
}

// Every column an insert fills, in the table's order (without `_id`, which SQLite numbers).
std::vector<std::string> insertedColumns() {
    std::vector<std::string> cols = prototypeColumns();
    cols.push_back(kTimeStamp);
    for (const auto& e : extraColumns()) cols.push_back(e.column->name);
    return cols;
}

std::string insertSql() {
    std::string names, marks;
    for (const auto& c : insertedColumns()) {
        names += (names.empty() ? "" : ", ") + c;
        marks += marks.empty() ? "?" : ", ?";
    }
    return std::string("INSERT INTO ") + kPrototypeTable + " (" + names + ") VALUES (" + marks +
           ")";
}

std::string sqliteError(sqlite3* db, const std::string& what) {
    return what + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
}

Expected<bool> exec(sqlite3* db, const std::string& sql, const std::string& what) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) == SQLITE_OK) return true;
    const std::string why = message ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    return fail(what + ": " + why);
}

// The columns the table has now (empty when there is no such table).
Expected<std::set<std::string>> tableColumns(sqlite3* db) {
    sqlite3_stmt* st = nullptr;
    const std::string sql = std::string("PRAGMA table_info(") + kPrototypeTable + ")";
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
        return fail(sqliteError(db, "cannot read the table's columns"));
    std::set<std::string> cols;
    while (sqlite3_step(st) == SQLITE_ROW)
        cols.insert(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
    sqlite3_finalize(st);
    return cols;
}

// The table exists with every column we write: created, or an older file of ours extended.
Expected<bool> ensureTable(sqlite3* db, const std::string& path) {
    auto existing = tableColumns(db);
    if (!existing) return fail(existing.error());
    if (existing->empty()) return exec(db, createTableSql(), "cannot create the table in " + path);
    for (const auto& name : prototypeColumns())
        if (!existing->count(name))
            return fail(path + " has an inference_results table without the prototype's column " +
                        name);
    for (const auto& e : extraColumns())
        if (!existing->count(e.column->name)) {
            const std::string sql = std::string("ALTER TABLE ") + kPrototypeTable + " ADD COLUMN " +
                                    e.column->name + " " + e.type;
            if (auto added = exec(db, sql, "cannot extend the table in " + path); !added)
                return added;
        }
    return true;
}

Expected<bool> useWal(sqlite3* db, const std::string& path) {
    sqlite3_stmt* st = nullptr;
    std::string mode;
    if (sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        mode = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (mode != "wal") return fail("cannot switch " + path + " to WAL mode (got '" + mode + "')");
    // Each committed batch is on the disk when append() returns, as the CSV's fsync makes it.
    return exec(db, "PRAGMA synchronous=FULL", "cannot set " + path + " to synchronous writes");
}

void bindField(sqlite3_stmt* st, int index, const RequestRecord& r, const RecordField& f,
               bool asText) {
    if (asText) {
        const std::string text = fieldText(r, f);
        sqlite3_bind_text(st, index, text.c_str(), int(text.size()), SQLITE_TRANSIENT);
    } else if (auto s = std::get_if<std::string RequestRecord::*>(&f)) {
        sqlite3_bind_text(st, index, (r.**s).c_str(), int((r.**s).size()), SQLITE_TRANSIENT);
    } else if (auto i = std::get_if<int RequestRecord::*>(&f)) {
        sqlite3_bind_int64(st, index, r.**i);
    } else {
        sqlite3_bind_double(st, index, r.*std::get<double RequestRecord::*>(f));
    }
}

Expected<bool> insertOne(sqlite3* db, sqlite3_stmt* st, const RequestRecord& r) {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    int index = 1;
    // The prototype's columns hold text, as its app wrote them.
    for (const auto& name : prototypeColumns()) {
        if (const RecordColumn* c = recordColumnNamed(name)) {
            bindField(st, index++, r, c->field, true);
        } else {
            const std::string filler = fillerFor(name);
            sqlite3_bind_text(st, index++, filler.c_str(), -1, SQLITE_TRANSIENT);
        }
    }
    sqlite3_bind_text(st, index++, r.timestamp.c_str(), -1, SQLITE_TRANSIENT);
    for (const auto& e : extraColumns()) bindField(st, index++, r, e.column->field, false);
    if (sqlite3_step(st) != SQLITE_DONE) return fail(sqliteError(db, "cannot insert a record"));
    return true;
}

// Sets one field from a result column, keeping a REAL's or INTEGER's exact value.
void readField(sqlite3_stmt* st, int col, RequestRecord& r, const RecordField& f) {
    const int type = sqlite3_column_type(st, col);
    if (type == SQLITE_NULL) return;
    if (auto d = std::get_if<double RequestRecord::*>(&f);
        d && (type == SQLITE_FLOAT || type == SQLITE_INTEGER)) {
        r.** d = sqlite3_column_double(st, col);
        return;
    }
    if (auto i = std::get_if<int RequestRecord::*>(&f); i && type == SQLITE_INTEGER) {
        r.** i = int(sqlite3_column_int64(st, col));
        return;
    }
    const unsigned char* text = sqlite3_column_text(st, col);
    setFieldText(r, f, text ? reinterpret_cast<const char*>(text) : "");
}

struct Database {
    sqlite3* db = nullptr;
    ~Database() { sqlite3_close(db); }
};

}  // namespace

const std::vector<std::string>& prototypeColumns() {
    static const std::vector<std::string> columns = {
        "algorithm",
        "test_image_bool",
        "sla_target",
        "time_local_preprocess_check",
        "time_local_preprocess_check_filesize",
        "time_local_preprocess_check_dimensions",
        "run_tag",
        "network_offset",
        "ping_time",
        "preexecution_time_estimate",
        "transfer_time_estimate",
        "transfer_time_real",
        "transfer_time_delta",
        "transfer_time_delta_raw",
        "image_name_orig",
        "image_name_sent",
        "orig_size",
        "sent_size",
        "image_dims",
        "orig_dims_x",
        "orig_dims_y",
        "time_local_pieslicer",
        "time_local_preprocess",
        "time_local_preprocess_resize",
        "time_local_preprocess_save",
        "time_local_total",
        "time_local_remote",
        "expected_time_local_prep",
        "expected_time_remote_prep",
        "preprocess_location",
        "preprocess_location_real",
        "time_remote_routing",
        "time_remote_save",
        "time_remote_network",
        "time_remote_transfer",
        "time_remote_prepieslicer",
        "time_remote_pieslicer",
        "time_remote_load",
        "time_remote_general_resize",
        "time_remote_specific_resize",
        "time_remote_convert",
        "time_remote_post_network",
        "time_remote_inference",
        "time_remote_total",
        "time_budget",
        "model_name",
        "model_accuracy",
        "inference_result",
        "offset_change",
        "time_total",
    };
    return columns;
}

Expected<RecordSqliteWriter> RecordSqliteWriter::open(const std::string& path) {
    Database d;
    if (sqlite3_open_v2(path.c_str(), &d.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK)
        return fail(sqliteError(d.db, "cannot open " + path));
    sqlite3_busy_timeout(d.db, 5000);
    if (auto wal = useWal(d.db, path); !wal) return fail(wal.error());
    if (auto table = ensureTable(d.db, path); !table) return fail(table.error());
    sqlite3_stmt* insert = nullptr;
    if (sqlite3_prepare_v2(d.db, insertSql().c_str(), -1, &insert, nullptr) != SQLITE_OK)
        return fail(sqliteError(d.db, "cannot prepare inserts into " + path));
    sqlite3* db = d.db;
    d.db = nullptr;
    return RecordSqliteWriter(db, insert, path);
}

RecordSqliteWriter::RecordSqliteWriter(RecordSqliteWriter&& o) noexcept
    : db_(o.db_), insert_(o.insert_), path_(std::move(o.path_)) {
    o.db_ = nullptr;
    o.insert_ = nullptr;
}

RecordSqliteWriter::~RecordSqliteWriter() {
    sqlite3_finalize(insert_);
    sqlite3_close(db_);
}

Expected<bool> RecordSqliteWriter::append(const std::vector<RequestRecord>& batch) {
    if (auto begun = exec(db_, "BEGIN IMMEDIATE", "cannot write to " + path_); !begun) return begun;
    for (const auto& r : batch) {
        if (auto put = insertOne(db_, insert_, r); !put) {
            sqlite3_reset(insert_);
            exec(db_, "ROLLBACK", "rollback");
            return fail("cannot append to " + path_ + ": " + put.error());
        }
    }
    sqlite3_reset(insert_);
    if (auto done = exec(db_, "COMMIT", "cannot append to " + path_); !done) {
        exec(db_, "ROLLBACK", "rollback");
        return done;
    }
    return true;
}

Expected<std::vector<RequestRecord>> readRecordsSqlite(const std::string& path) {
    Database d;
    if (sqlite3_open_v2(path.c_str(), &d.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        return fail(sqliteError(d.db, "cannot open " + path));
    sqlite3_busy_timeout(d.db, 5000);
    sqlite3_stmt* st = nullptr;
    const std::string sql = std::string("SELECT * FROM ") + kPrototypeTable + " ORDER BY _id";
    if (sqlite3_prepare_v2(d.db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
        return fail(path + " is not a PieSlicer database: " + sqlite3_errmsg(d.db));
    std::vector<const RecordColumn*> layout;
    bool hasPreexecution = false;
    for (int c = 0; c < sqlite3_column_count(st); ++c) {
        std::string name = sqlite3_column_name(st, c);
        if (name == kTimeStamp) name = kOurTimestamp;
        layout.push_back(recordColumnNamed(name));
        hasPreexecution = hasPreexecution || name == "preexecution_time";
    }
    std::vector<RequestRecord> records;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        RequestRecord r;
        for (std::size_t c = 0; c < layout.size(); ++c)
            if (layout[c]) readField(st, int(c), r, layout[c]->field);
        // The prototype's own definition of pre-execution time (its loader computes it so).
        if (!hasPreexecution)
            r.preexecution_time =
                r.time_local_preprocess + r.time_local_remote - r.time_remote_inference;
        records.push_back(std::move(r));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return fail(sqliteError(d.db, "cannot read " + path));
    return records;
}

Expected<bool> appendRecordsSqlite(const std::string& path,
                                   const std::vector<RequestRecord>& records) {
    auto writer = RecordSqliteWriter::open(path);
    if (!writer) return fail(writer.error());
    return writer->append(records);
}

Expected<bool> writeRecordsSqliteAtomic(const std::string& path,
                                        const std::vector<RequestRecord>& records) {
    bool given = false;
    return writeRecordsSqliteAtomic(path, [&](std::vector<RequestRecord>& batch, bool&) {
        if (given) return false;
        batch = records;
        given = true;
        return true;
    });
}

Expected<bool> writeRecordsSqliteAtomic(const std::string& path, const RecordBatchSource& next) {
    const std::string tmp = path + ".tmp";
    auto removeTmp = [&] {
        for (const char* suffix : {"", "-wal", "-shm"}) std::remove((tmp + suffix).c_str());
    };
    removeTmp();
    {
        auto writer = RecordSqliteWriter::open(tmp);
        if (!writer) {
            removeTmp();
            return fail(writer.error());
        }
        std::vector<RequestRecord> batch;
        bool cancelled = false;
        while (next(batch, cancelled)) {
            if (auto put = writer->append(batch); !put) {
                removeTmp();
                return put;
            }
            batch.clear();
        }
        if (cancelled) {
            removeTmp();
            return fail("export of " + path + " cancelled");
        }
    }  // closed: the last connection checkpoints the WAL into the file and removes it
    // A stale WAL of an older file at `path` would be replayed onto the new one.
    for (const char* suffix : {"-wal", "-shm"}) std::remove((path + suffix).c_str());
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        removeTmp();
        return fail("cannot write " + path + ": " + why);
    }
    return true;
}

bool looksLikeSqlite(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char header[16] = {0};
    in.read(header, sizeof header);
    return in.gcount() == sizeof header && std::memcmp(header, "SQLite format 3", 16) == 0;
}

}  // namespace pieslicer
