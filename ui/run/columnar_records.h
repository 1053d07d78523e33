#pragma once
// Request records kept as typed columns (one per recordColumns() entry), so a study of a
// million requests fits in a few hundred bytes a record. Qt-free.
//
// - Numbers: chunks of 16,384 rows, each chunk as narrow as its values allow: a chunk
//   whose cells are all one value (a link, a device, a zero) holds that value once;
//   integers as 1, 2 or 4 bytes; reals as float when the float gives the same CSV text as
//   the double (fieldText's 3 decimals), else as thousandths in 4 bytes when those do,
//   else double. A chunk that needs more is widened alone; nothing else is copied on
//   append.
// - Text: interned per column (timestamps, image names, strategies, devices, links), the
//   row holds the string's id (1, 2 or 4 bytes), the text lives once in fixed blocks.
// - Views: view() is a read-only snapshot of the rows so far that a worker thread may
//   read while the GUI thread appends: chunks and blocks are shared, written bytes never
//   change, and a widened chunk is a new chunk (the view keeps the old one).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/request_record.h"
#include "run/intern_index.h"

namespace pieslicer::ui {

enum class ColumnKind : std::uint8_t { Text, Integer, Real };

// A read-only snapshot of ColumnarRecords (cheap to copy: shared chunks).
class RecordColumnsView {
  public:
    static constexpr std::size_t kChunkRows = 1 << 14;

    std::size_t size() const { return rows_; }
    std::size_t columnCount() const { return columns_.size(); }
    ColumnKind kind(std::size_t col) const { return columns_[col].kind; }
    // Index of a recordColumns() name, or -1.
    static int columnOf(std::string_view name);

    // Integer and Real columns (a Text column gives 0).
    double number(std::size_t row, std::size_t col) const;
    // Text columns: the interned id of the row's string and the string of an id.
    std::uint32_t textId(std::size_t row, std::size_t col) const { return cell(row, col); }
    std::string_view textOf(std::size_t col, std::uint32_t id) const;
    std::size_t distinctTexts(std::size_t col) const { return columns_[col].texts; }
    std::string_view text(std::size_t row, std::size_t col) const {
        return textOf(col, textId(row, col));
    }
    // The cell as the CSV writes it (fieldText's format).
    std::string cellText(std::size_t row, std::size_t col) const;
    bool ok(std::size_t row) const;  // status == "ok"

    RequestRecord record(std::size_t row) const;
    std::vector<RequestRecord> records(std::size_t first, std::size_t count) const;

    // Bytes held by the columns and dictionaries (capacity of open chunks excluded).
    std::size_t bytesUsed() const;

  protected:
    // One chunk of a column: kChunkRows cells of one type (unsigned 8/16/32 for text ids,
    // signed 8/16/32 for integers, float, thousandths or double for reals), or one value
    // for every cell (no data).
    struct Chunk {
        std::uint8_t width = 0;  // the cell type
        std::unique_ptr<std::byte[]> data;
        double constant = 0;  // the value of every cell of a constant chunk
        double at(std::size_t i) const;
    };
    // A text's place: which char block, where, how long.
    struct TextRef {
        std::uint32_t block, offset, length;
    };
    static constexpr std::size_t kRefsPerBlock = 1024;
    static constexpr std::size_t kCharBlock = 1 << 16;
    struct RefBlock {
        std::unique_ptr<TextRef[]> refs{new TextRef[kRefsPerBlock]};
    };
    struct CharBlock {
        std::unique_ptr<char[]> chars;
        std::size_t capacity = 0;
    };
    struct Column {
        ColumnKind kind = ColumnKind::Real;
        std::vector<std::shared_ptr<Chunk>> chunks;
        // Text columns.
        std::vector<std::shared_ptr<RefBlock>> refBlocks;
        std::vector<std::shared_ptr<CharBlock>> charBlocks;
        std::size_t texts = 0;
        std::size_t charsUsedInLast = 0;
    };

    std::uint32_t cell(std::size_t row, std::size_t col) const;

    std::size_t rows_ = 0;
    std::vector<Column> columns_;
};

// The writer: appends records, interns text. Owned by one thread (the GUI's).
class ColumnarRecords : public RecordColumnsView {
  public:
    ColumnarRecords();

    void append(const RequestRecord& r);
    void clear();
    RecordColumnsView view() const { return *this; }

  private:
    void put(std::size_t col, std::size_t row, std::int64_t intValue, double realValue);
    std::uint32_t intern(std::size_t col, std::string_view s);
    void widen(Column& c, std::size_t chunk, std::int64_t n, double d, std::size_t filled);

    std::vector<InternIndex> index_;  // per text column
};

}  // namespace pieslicer::ui
