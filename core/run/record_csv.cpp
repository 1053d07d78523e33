#include "run/record_csv.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace pieslicer {
namespace {

std::string quoted(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// Splits CSV text into rows of fields (RFC 4180). `complete` says whether the last row
// ended with a newline; `rowStarts` (if given) gets the byte offset where each row begins.
std::vector<std::vector<std::string>> splitCsv(const std::string& text, bool& lastRowComplete,
                                               std::vector<std::size_t>* rowStarts = nullptr) {
    std::vector<std::vector<std::string>> rows;
    std::size_t rowStart = 0;
    std::vector<std::string> row;
    std::string field;
    bool inQuotes = false;
    lastRowComplete = true;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inQuotes) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                inQuotes = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            inQuotes = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
            if (rowStarts) rowStarts->push_back(rowStart);
            rowStart = i + 1;
        } else {
            field += c;
        }
    }
    if (!field.empty() || !row.empty() || inQuotes) {  // a quote opened and never closed too
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
        if (rowStarts) rowStarts->push_back(rowStart);
        lastRowComplete = false;
    }
    return rows;
}

std::string readWholeFile(const std::string& path, bool& ok) {
    std::ifstream in(path, std::ios::binary);
    ok = bool(in);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

std::string csvHeaderLine() {
    std::string line;
    for (const auto& col : recordColumns()) {
        if (!line.empty()) line += ',';
        line += col.name;
    }
    return line + "\n";
}

std::string csvLine(const RequestRecord& r) {
    std::string line;
    bool first = true;
    for (const auto& col : recordColumns()) {
        if (!first) line += ',';
        first = false;
        line += quoted(fieldText(r, col.field));
    }
    return line + "\n";
}

Expected<RecordCsvWriter> RecordCsvWriter::open(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "ab");
    if (!f) return fail("cannot write results to " + path + ": " + std::strerror(errno));
    std::fseek(f, 0, SEEK_END);
    if (std::ftell(f) == 0) {
        const std::string header = csvHeaderLine();
        if (std::fwrite(header.data(), 1, header.size(), f) != header.size() ||
            std::fflush(f) != 0) {
            const std::string why = std::strerror(errno);
            std::fclose(f);
            return fail("cannot write results to " + path + ": " + why);
        }
    }
    return RecordCsvWriter(f, path);
}

RecordCsvWriter::RecordCsvWriter(RecordCsvWriter&& o) noexcept
    : file_(o.file_), path_(std::move(o.path_)) {
    o.file_ = nullptr;
}

RecordCsvWriter::~RecordCsvWriter() {
    if (file_) std::fclose(file_);
}

Expected<bool> RecordCsvWriter::append(const RequestRecord& record) {
    const std::string line = csvLine(record);
    if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fflush(file_) != 0 ||
        fsync(fileno(file_)) != 0)
        return fail("cannot append to " + path_ + ": " + std::strerror(errno));
    return true;
}

Expected<std::vector<RequestRecord>> parseRecordsCsv(const std::string& text) {
    bool complete = true;
    auto rows = splitCsv(text, complete);
    if (rows.empty()) return std::vector<RequestRecord>{};
    if (!complete) rows.pop_back();  // torn by a kill mid-write
    std::map<std::string, const RecordColumn*> byName;
    for (const auto& col : recordColumns()) byName[col.name] = &col;
    std::vector<const RecordColumn*> layout;
    for (const auto& name : rows.front()) {
        auto it = byName.find(name);
        layout.push_back(it == byName.end() ? nullptr : it->second);
    }
    if (std::count(layout.begin(), layout.end(), nullptr) == long(layout.size()))
        return fail("not a results CSV: no known column in the header");
    std::vector<RequestRecord> records;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        if (rows[r].size() == 1 && rows[r][0].empty()) continue;  // blank line
        RequestRecord rec;
        for (std::size_t c = 0; c < rows[r].size() && c < layout.size(); ++c)
            if (layout[c]) setFieldText(rec, layout[c]->field, rows[r][c]);
        records.push_back(std::move(rec));
    }
    return records;
}

Expected<std::vector<RequestRecord>> readRecordsCsv(const std::string& path) {
    bool ok = false;
    const std::string text = readWholeFile(path, ok);
    if (!ok) return fail("cannot read " + path);
    return parseRecordsCsv(text);
}

Expected<CutLastLine> dropCutLastLine(const std::string& path) {
    bool ok = false;
    const std::string text = readWholeFile(path, ok);
    if (!ok) return fail("cannot read " + path);
    bool complete = true;
    std::vector<std::size_t> starts;
    const auto rows = splitCsv(text, complete, &starts);
    CutLastLine cut;
    if (rows.size() < 2) return cut;  // no row after the header: nothing to glue onto
    cut.headerFields = rows.front().size();
    cut.fields = rows.back().size();
    const bool blank = cut.fields == 1 && rows.back()[0].empty();
    if (blank || (complete && cut.fields >= cut.headerFields)) return cut;
    cut.dropped = true;
    // A field before the last one of a cut line is whole: it may name the dropped item.
    const auto& header = rows.front();
    const auto name = std::find(header.begin(), header.end(), "image_name_orig");
    if (const auto c = std::size_t(name - header.begin()); c + 1 < cut.fields)
        cut.imageName = rows.back()[c];
    // Truncation is one system call: the rows before the cut stay as they were on disk.
    if (::truncate(path.c_str(), off_t(starts.back())) != 0)
        return fail("cannot drop the cut last line of " + path + ": " + std::strerror(errno));
    return cut;
}

Expected<bool> writeRecordsCsvAtomic(const std::string& path,
                                     const std::vector<RequestRecord>& records) {
    const std::string tmp = path + ".tmp";
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) return fail("cannot write " + path + ": " + std::strerror(errno));
    std::string text = csvHeaderLine();
    for (const auto& r : records) text += csvLine(r);
    const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size() &&
                    std::fflush(f) == 0 && fsync(fileno(f)) == 0;
    const std::string why = std::strerror(errno);
    std::fclose(f);
    if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        return fail("cannot write " + path + ": " + why);
    }
    return true;
}

}  // namespace pieslicer
