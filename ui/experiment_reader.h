#pragma once
// A saved experiment read as a stream (issue #15). A million records make several hundred
// MB of JSON whose records are one CSV string: QJsonDocument would hold the file, its tree,
// that string in UTF-16 and every record at once (gigabytes). Here the file is read twice
// in pieces: first everything but the records' text (the head: format, version, config,
// validated before any record is shown), then the records' text, unescaped a piece at a
// time and parsed in batches of whole CSV rows.
#include <QString>
#include <cstdint>
#include <functional>
#include <vector>

#include "dashboard_config.h"
#include "domain/request_record.h"
#include "util/expected.h"

namespace pieslicer::ui {

struct ExperimentHead {
    DashboardConfig config;
    QString savedAt;  // ISO 8601
    QString note;
    std::size_t recordCount = 0;  // as the file states it (0 when it does not)
};

// Bad JSON, a wrong format tag or a newer version fail with a message.
Expected<ExperimentHead> readExperimentHead(const QString& path);

// Hands the records over in batches of at most `batchRows`, with how far into the file
// the reading is; `batch` returning false cancels (a failure). Unparsable records fail.
using RecordBatch = std::function<bool(std::vector<RequestRecord> records, std::uint64_t bytesRead,
                                       std::uint64_t bytesTotal)>;
Expected<std::size_t> readExperimentRecords(const QString& path, std::size_t batchRows,
                                            const RecordBatch& batch);

}  // namespace pieslicer::ui
