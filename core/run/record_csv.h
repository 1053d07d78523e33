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

// What dropCutLastLine() found at the end of a records CSV.
struct CutLastLine {
    bool dropped = false;
    std::size_t fields = 0;        // of the dropped line
    std::size_t headerFields = 0;  // of the header
    std::string imageName;         // of the dropped line, when its cut left that field whole
};

// Before appending to a CSV a crash or a full disk cut mid-row (no trailing newline, or
// fewer fields than the header), the cut row is removed (the file is truncated where it
// began), so the next row does not glue onto it. Whole rows are never touched.
Expected<CutLastLine> dropCutLastLine(const std::string& path);

// Whole CSV (header and rows) written atomically: a temporary file, flushed, renamed.
Expected<bool> writeRecordsCsvAtomic(const std::string& path,
                                     const std::vector<RequestRecord>& records);

}  // namespace pieslicer
