#pragma once
// An experiment on disk: one JSON file with the configuration and the records (as the
// CSV text the core writes, so the columns stay the prototype's), reopened later to
// look at the charts again without re-running.
#include <QString>
#include <functional>
#include <vector>

#include "dashboard_config.h"
#include "domain/request_record.h"
#include "run/columnar_records.h"
#include "util/expected.h"

namespace pieslicer::ui {

// Of a write on a worker: (records written, of) after each megabyte; false cancels (the
// target is left as it was).
using WriteProgress = std::function<bool(std::size_t, std::size_t)>;

struct ExperimentFile {
    DashboardConfig config;
    std::vector<RequestRecord> records;
    QString savedAt;  // ISO 8601
    QString note;
};

// Atomic write (QSaveFile), the records' CSV streamed into its JSON string a piece at a time.
Expected<bool> saveExperiment(const QString& path, const ExperimentFile& experiment);
// The same from the store's columns: one record rebuilt at a time. A write that fails
// (full disk, unwritable folder) stops there, names the cause and leaves `path` as it was.
Expected<bool> saveExperiment(const QString& path, const DashboardConfig& config,
                              const RecordColumnsView& records, const WriteProgress& progress = {});
// Bad JSON, a wrong format tag or unparsable records fail with a message.
Expected<ExperimentFile> loadExperiment(const QString& path);

// Records as CSV through core's atomic writer.
Expected<bool> exportRecordsCsv(const QString& path, const std::vector<RequestRecord>& records);
// The same CSV streamed from the store's columns (issue #15): one record rebuilt at a
// time, written in pieces through QSaveFile (atomic), so a million records never exist as
// structs or as one string. `progress(done, total)` returning false cancels (nothing is
// written).
Expected<bool> exportRecordsCsv(const QString& path, const RecordColumnsView& records,
                                const WriteProgress& progress = {});
// The records as the prototype's SQLite database (core's run/record_sqlite.h: its
// inference_results table, then our columns, WAL mode), streamed from the columns in
// batches of a transaction each and renamed into place; cancelling writes nothing.
Expected<bool> exportRecordsSqlite(
    const QString& path, const RecordColumnsView& records,
    const std::function<bool(std::size_t, std::size_t)>& progress = {});

}  // namespace pieslicer::ui
