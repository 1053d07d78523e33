#pragma once
// Records as CSV: a writer that appends and flushes each row as it is measured (so a
// killed run loses nothing finished) and a reader for resuming and reopening.
#include <cstdio>
#include <string>
#include <vector>

#include "domain/request_record.h"
#include "util/expected.h"

namespace pieslicer {

class RecordCsvWriter {
  public:
    // Opens for appending; writes the header if the file is new or empty.
    static Expected<RecordCsvWriter> open(const std::string& path);
    RecordCsvWriter(RecordCsvWriter&& other) noexcept;
    RecordCsvWriter& operator=(RecordCsvWriter&&) = delete;
    ~RecordCsvWriter();

    // Appends one row and flushes it to the disk; an error (disk full, ...) is reported.
    Expected<bool> append(const RequestRecord& record);

  private:
    explicit RecordCsvWriter(std::FILE* f, std::string path) : file_(f), path_(std::move(path)) {}
    std::FILE* file_ = nullptr;
    std::string path_;
};

std::string csvHeaderLine();
std::string csvLine(const RequestRecord& record);

// Parses CSV text with a header row; unknown columns are ignored, a torn last line
// (from a killed writer) is dropped.
Expected<std::vector<RequestRecord>> parseRecordsCsv(const std::string& text);
Expected<std::vector<RequestRecord>> readRecordsCsv(const std::string& path);

// Whole CSV (header and rows) written atomically: a temporary file, flushed, renamed.
Expected<bool> writeRecordsCsvAtomic(const std::string& path,
                                     const std::vector<RequestRecord>& records);

}  // namespace pieslicer
