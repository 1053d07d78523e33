#include "experiment_reader.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <string_view>

#include "run/record_csv.h"

namespace pieslicer::ui {
namespace {

constexpr const char* kFormat = "pieslicer-experiment";
constexpr int kVersion = 1;
constexpr const char* kRecordsKey = "records_csv";
constexpr std::size_t kReadPiece = 1 << 20;
constexpr std::size_t kMaxHead = 64u << 20;

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void appendUtf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

// Splits a JSON document, fed in pieces, into the top-level "records_csv" string's text
// (unescaped, to `records`) and every other byte (to `rest`, where that string is "").
// Only strings, nesting and the top level's keys are tracked: the rest is checked by the
// JSON parser that reads the head.
class RecordsSplitter {
  public:
    std::string rest;     // the document without the records' text
    std::string records;  // unescaped records text not taken yet

    Expected<bool> feed(std::string_view piece) {
        for (const char c : piece) {
            if (inRecords_) {
                if (auto e = unescape(c); !e) return e;
                continue;
            }
            rest += c;
            if (inString_) {
                if (escape_)
                    escape_ = false;
                else if (c == '\\')
                    escape_ = true;
                else if (c == '"')
                    inString_ = false, lastString_ = token_, token_.clear();
                else if (token_.size() < 32)
                    token_ += c;
                continue;
            }
            switch (c) {
                case '"':
                    inString_ = true;
                    token_.clear();
                    if (depth_ == 1 && afterColon_ && key_ == kRecordsKey) {
                        inString_ = false;
                        inRecords_ = true;
                    }
                    afterColon_ = false;
                    break;
                case ':':
                    if (depth_ == 1) key_ = lastString_, afterColon_ = true;
                    break;
                case ',':
                    afterColon_ = false;
                    break;
                case '{':
                case '[':
                    ++depth_;
                    afterColon_ = false;
                    break;
                case '}':
                case ']':
                    --depth_;
                    break;
                default:
                    break;
            }
        }
        if (rest.size() > kMaxHead) return fail("more than 64 MB besides the records");
        return true;
    }

  private:
    // One byte of the records' string: the closing quote ends it.
    Expected<bool> unescape(char c) {
        if (unicode_ > 0) {
            const int h = hexValue(c);
            if (h < 0) return fail("bad \\u escape in the records");
            code_ = code_ * 16 + std::uint32_t(h);
            if (--unicode_ > 0) return true;
            if (code_ >= 0xD800 && code_ < 0xDC00) {  // a high surrogate: its pair follows
                high_ = code_;
                return true;
            }
            if (high_ && code_ >= 0xDC00 && code_ < 0xE000)
                code_ = 0x10000 + ((high_ - 0xD800) << 10) + (code_ - 0xDC00);
            high_ = 0;
            appendUtf8(records, code_);
            return true;
        }
        if (escape_) {
            escape_ = false;
            switch (c) {
                case 'n':
                    records += '\n';
                    break;
                case 't':
                    records += '\t';
                    break;
                case 'r':
                    records += '\r';
                    break;
                case 'b':
                    records += '\b';
                    break;
                case 'f':
                    records += '\f';
                    break;
                case 'u':
                    unicode_ = 4, code_ = 0;
                    break;
                default:
                    records += c;  // \" \\ \/
            }
            return true;
        }
        if (c == '\\') {
            escape_ = true;
        } else if (c == '"') {
            inRecords_ = false;
            rest += '"';  // the opening quote is in `rest` already
        } else {
            records += c;
        }
        return true;
    }

    int depth_ = 0;
    bool inString_ = false, escape_ = false, afterColon_ = false, inRecords_ = false;
    std::string token_, lastString_, key_;
    int unicode_ = 0;
    std::uint32_t code_ = 0, high_ = 0;
};

// Reads the file in pieces through `split`; `each` sees it after each piece.
template <typename Each>
Expected<bool> scan(const QString& path, RecordsSplitter& split, Each each) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail("cannot open " + path.toStdString() + ": " + f.errorString().toStdString());
    const std::uint64_t total = std::uint64_t(f.size());
    std::uint64_t read = 0;
    QByteArray piece;
    while (!(piece = f.read(kReadPiece)).isEmpty()) {
        read += std::uint64_t(piece.size());
        if (auto fed = split.feed({piece.constData(), std::size_t(piece.size())}); !fed)
            return fail(path.toStdString() + ": " + fed.error());
        if (auto e = each(read, total); !e) return e;
    }
    if (f.error() != QFileDevice::NoError)
        return fail("cannot read " + path.toStdString() + ": " + f.errorString().toStdString());
    return true;
}

// Whole CSV rows (a newline outside quotes ends one) counted as the text grows.
struct RowCounter {
    std::size_t from = 0;     // scanned up to here
    std::size_t lastEnd = 0;  // just after the last whole row
    std::size_t rows = 0;     // whole rows before lastEnd
    bool quoted = false;

    // Scans on; true once `wanted` rows are whole (then rows end at lastEnd).
    bool scan(const std::string& text, std::size_t wanted) {
        for (; from < text.size(); ++from) {
            if (text[from] == '"') quoted = !quoted;
            if (text[from] == '\n' && !quoted) {
                lastEnd = from + 1;
                if (++rows >= wanted) {
                    ++from;
                    return true;
                }
            }
        }
        return false;
    }
};

}  // namespace

Expected<ExperimentHead> readExperimentHead(const QString& path) {
    RecordsSplitter split;
    auto scanned = scan(path, split, [&](std::uint64_t, std::uint64_t) {
        split.records.clear();  // only the head is wanted here
        return Expected<bool>(true);
    });
    if (!scanned) return fail(scanned.error());
    const std::string& head = split.rest;
    QJsonParseError err;
    const auto doc =
        QJsonDocument::fromJson(QByteArray::fromRawData(head.data(), qsizetype(head.size())), &err);
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
    ExperimentHead h;
    h.config = DashboardConfig::fromJson(o.value("config").toObject());
    h.savedAt = o.value("saved_at").toString();
    h.note = o.value("note").toString();
    h.recordCount = std::size_t(std::max<qint64>(0, o.value("record_count").toInteger()));
    return h;
}

Expected<std::size_t> readExperimentRecords(const QString& path, std::size_t batchRows,
                                            const RecordBatch& batch) {
    batchRows = std::max<std::size_t>(1, batchRows);
    RecordsSplitter split;
    std::string& text = split.records;
    std::string header;  // the CSV header line, parsed again with every batch
    RowCounter counter;
    std::size_t total = 0;
    // The rows before `end` parsed and handed over.
    auto hand = [&](std::size_t end, std::uint64_t read, std::uint64_t size) -> Expected<bool> {
        auto parsed = parseRecordsCsv(header + text.substr(0, end));
        if (!parsed) return fail(path.toStdString() + ": records: " + parsed.error());
        text.erase(0, end);
        counter = RowCounter{};
        total += parsed->size();
        if (!batch(std::move(parsed.value()), read, size))
            return fail("opening " + path.toStdString() + " cancelled");
        return true;
    };
    auto scanned = scan(path, split, [&](std::uint64_t read, std::uint64_t size) {
        split.rest.clear();  // the head is readExperimentHead's
        if (header.empty()) {
            const std::size_t nl = text.find('\n');
            if (nl == std::string::npos) return Expected<bool>(true);
            header = text.substr(0, nl + 1);
            text.erase(0, nl + 1);
        }
        while (counter.scan(text, batchRows))
            if (auto e = hand(counter.lastEnd, read, size); !e) return e;
        return Expected<bool>(true);
    });
    if (!scanned) return fail(scanned.error());
    if (!header.empty() && !text.empty()) {
        const std::uint64_t size = std::uint64_t(QFile(path).size());
        if (auto e = hand(text.size(), size, size); !e) return fail(e.error());
    }
    return total;
}

}  // namespace pieslicer::ui
