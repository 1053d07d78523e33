#include "run/columnar_records.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>

namespace pieslicer::ui {

namespace {

// Chunk cell types, narrowest first within each family. kFix32 is a real in thousandths
// (what the CSV writes); kConst is a chunk whose every cell so far is one value, kept once.
enum : std::uint8_t { kU8, kU16, kU32, kI8, kI16, kI32, kF32, kFix32, kF64, kConst };

std::size_t bytesOf(std::uint8_t type) {
    switch (type) {
        case kU8:
        case kI8:
            return 1;
        case kU16:
        case kI16:
            return 2;
        case kF64:
            return 8;
        case kConst:
            return 0;
        default:
            return 4;
    }
}

std::uint8_t narrowestUnsigned(std::uint32_t v) { return v < 256 ? kU8 : v < 65536 ? kU16 : kU32; }

std::uint8_t narrowestSigned(std::int64_t v) {
    if (v >= INT8_MIN && v <= INT8_MAX) return kI8;
    if (v >= INT16_MIN && v <= INT16_MAX) return kI16;
    return kI32;
}

// Whether v is away from a rounding tie of the 3rd decimal (then its thousandths are
// llround(v * 1000) without formatting it).
bool farFromTie(double v) {
    const double x = v * 1000.0;
    return std::fabs(x - std::floor(x) - 0.5) > 0.01;
}

// A float is enough when it writes the same CSV text as the double. Most values are
// settled without formatting: exact in float, or far from a rounding tie of the 3rd
// decimal with the same rounded thousandths.
bool floatKeepsText(double v) {
    if (!std::isfinite(v)) return true;  // nan and inf survive the float
    const double back = double(float(v));
    if (back == v) return true;
    if (std::fabs(v) >= 1e12) return false;
    if (farFromTie(v)) return std::llround(v * 1000.0) == std::llround(back * 1000.0);
    return realFieldText(v) == realFieldText(back);
}

// Thousandths in an int32: what the CSV writes of a time in ms up to 24 days, or of a size
// up to 2 MB, where a float would not keep the 3rd decimal. INT32_MIN stands for NaN.
constexpr std::int32_t kFixNan = INT32_MIN;
constexpr double kFixMax = 2147483000.0;

double fixValue(std::int32_t q) {
    return q == kFixNan ? std::numeric_limits<double>::quiet_NaN() : q / 1000.0;
}

std::int32_t fixOf(double v) {
    return std::isnan(v) ? kFixNan : std::int32_t(std::llround(v * 1000.0));
}

bool fixKeepsText(double v) {
    if (std::isnan(v)) return !std::signbit(v);  // "-nan" is not written back
    if (!(std::fabs(v) * 1000.0 < kFixMax)) return false;
    const std::int32_t q = fixOf(v);
    if (q == 0 && std::signbit(v)) return false;  // "-0" would become "0"
    if (farFromTie(v)) return true;
    return realFieldText(v) == realFieldText(fixValue(q));
}

// What a real is read back as: the narrowest encoding that keeps its CSV text. A constant
// chunk holds this, so its rows read the same before and after the chunk gets cells.
double canonicalReal(double v) {
    if (floatKeepsText(v)) return double(float(v));
    if (fixKeepsText(v)) return fixValue(fixOf(v));
    return v;
}

// Whether a cell of `type` holds x exactly: a chunk is only widened to a type that reads
// its rows back unchanged (a pass that read them before, the Compare cache, must agree
// with one that reads them after).
bool holdsExactly(std::uint8_t type, double x) {
    if (type == kF32) return std::isnan(x) || double(float(x)) == x;
    if (type == kFix32) {
        if (std::isnan(x)) return !std::signbit(x);
        if (!(std::fabs(x) * 1000.0 < kFixMax) || (x == 0 && std::signbit(x))) return false;
        return fixValue(fixOf(x)) == x;
    }
    return true;
}

// Whether a cell of `type` keeps v (n for text ids and integers, d for reals).
bool fits(std::uint8_t type, std::int64_t n, double d) {
    switch (type) {
        case kU8:
        case kU16:
        case kU32:
            return narrowestUnsigned(std::uint32_t(n)) <= type;
        case kI8:
        case kI16:
        case kI32:
            return narrowestSigned(n) <= type;
        case kF32:
            return floatKeepsText(d);
        case kFix32:
            return fixKeepsText(d);
        default:
            return type == kF64;
    }
}

template <class T>
T load(const std::byte* p, std::size_t i) {
    T v;
    std::memcpy(&v, p + i * sizeof(T), sizeof(T));
    return v;
}

template <class T>
void store(std::byte* p, std::size_t i, T v) {
    std::memcpy(p + i * sizeof(T), &v, sizeof(T));
}

double readCell(std::uint8_t type, const std::byte* p, std::size_t i) {
    switch (type) {
        case kU8:
            return load<std::uint8_t>(p, i);
        case kU16:
            return load<std::uint16_t>(p, i);
        case kU32:
            return load<std::uint32_t>(p, i);
        case kI8:
            return load<std::int8_t>(p, i);
        case kI16:
            return load<std::int16_t>(p, i);
        case kI32:
            return load<std::int32_t>(p, i);
        case kF32:
            return load<float>(p, i);
        case kFix32:
            return fixValue(load<std::int32_t>(p, i));
        default:
            return load<double>(p, i);
    }
}

void writeCell(std::uint8_t type, std::byte* p, std::size_t i, std::int64_t n, double d) {
    switch (type) {
        case kU8:
            return store(p, i, std::uint8_t(n));
        case kU16:
            return store(p, i, std::uint16_t(n));
        case kU32:
            return store(p, i, std::uint32_t(n));
        case kI8:
            return store(p, i, std::int8_t(n));
        case kI16:
            return store(p, i, std::int16_t(n));
        case kI32:
            return store(p, i, std::int32_t(n));
        case kF32:
            return store(p, i, float(d));
        case kFix32:
            return store(p, i, fixOf(d));
        default:
            return store(p, i, d);
    }
}

}  // namespace

int RecordColumnsView::columnOf(std::string_view name) {
    const auto& cols = recordColumns();
    for (std::size_t i = 0; i < cols.size(); ++i)
        if (name == cols[i].name) return int(i);
    return -1;
}

double RecordColumnsView::Chunk::at(std::size_t i) const {
    return width == kConst ? constant : readCell(width, data.get(), i);
}

std::uint32_t RecordColumnsView::cell(std::size_t row, std::size_t col) const {
    return std::uint32_t(columns_[col].chunks[row / kChunkRows]->at(row % kChunkRows));
}

double RecordColumnsView::number(std::size_t row, std::size_t col) const {
    const Column& column = columns_[col];
    if (column.kind == ColumnKind::Text) return 0;
    return column.chunks[row / kChunkRows]->at(row % kChunkRows);
}

std::string_view RecordColumnsView::textOf(std::size_t col, std::uint32_t id) const {
    const Column& c = columns_[col];
    if (id >= c.texts) return {};
    const TextRef& ref = c.refBlocks[id / kRefsPerBlock]->refs[id % kRefsPerBlock];
    return {c.charBlocks[ref.block]->chars.get() + ref.offset, ref.length};
}

std::string RecordColumnsView::cellText(std::size_t row, std::size_t col) const {
    switch (columns_[col].kind) {
        case ColumnKind::Text:
            return std::string(text(row, col));
        case ColumnKind::Integer:
            return std::to_string(std::int64_t(number(row, col)));
        default:
            return realFieldText(number(row, col));
    }
}

bool RecordColumnsView::ok(std::size_t row) const {
    static const int status = columnOf("status");
    return text(row, std::size_t(status)) == "ok";
}

RequestRecord RecordColumnsView::record(std::size_t row) const {
    RequestRecord r;
    const auto& cols = recordColumns();
    for (std::size_t c = 0; c < cols.size(); ++c) {
        const RecordField& f = cols[c].field;
        if (auto s = std::get_if<std::string RequestRecord::*>(&f))
            r.** s = std::string(text(row, c));
        else if (auto i = std::get_if<int RequestRecord::*>(&f))
            r.** i = int(number(row, c));
        else
            r.*std::get<double RequestRecord::*>(f) = number(row, c);
    }
    return r;
}

std::vector<RequestRecord> RecordColumnsView::records(std::size_t first, std::size_t count) const {
    std::vector<RequestRecord> out;
    const std::size_t end = std::min(rows_, first + count);
    if (first >= end) return out;
    out.reserve(end - first);
    for (std::size_t i = first; i < end; ++i) out.push_back(record(i));
    return out;
}

std::size_t RecordColumnsView::bytesUsed() const {
    std::size_t bytes = 0;
    for (const Column& c : columns_) {
        for (std::size_t k = 0; k < c.chunks.size(); ++k) {
            const std::size_t rows = k + 1 < c.chunks.size() ? kChunkRows : rows_ - k * kChunkRows;
            bytes += rows * bytesOf(c.chunks[k]->width);
        }
        bytes += c.texts * sizeof(TextRef);
        if (!c.charBlocks.empty())
            bytes += (c.charBlocks.size() - 1) * kCharBlock + c.charsUsedInLast;
    }
    return bytes;
}

ColumnarRecords::ColumnarRecords() { clear(); }

void ColumnarRecords::clear() {
    rows_ = 0;
    const auto& cols = recordColumns();
    columns_.assign(cols.size(), Column{});
    index_.clear();  // (not copyable: its tables are the kernel's zero pages)
    index_.resize(cols.size());
    for (std::size_t c = 0; c < cols.size(); ++c) {
        const RecordField& f = cols[c].field;
        columns_[c].kind = std::holds_alternative<std::string RequestRecord::*>(f)
                               ? ColumnKind::Text
                           : std::holds_alternative<int RequestRecord::*>(f) ? ColumnKind::Integer
                                                                             : ColumnKind::Real;
    }
}

void ColumnarRecords::append(const RequestRecord& r) {
    const auto& cols = recordColumns();
    const std::size_t row = rows_;
    for (std::size_t c = 0; c < cols.size(); ++c) {
        const RecordField& f = cols[c].field;
        if (auto s = std::get_if<std::string RequestRecord::*>(&f))
            put(c, row, intern(c, r.**s), 0);
        else if (auto i = std::get_if<int RequestRecord::*>(&f))
            put(c, row, r.**i, 0);
        else
            put(c, row, 0, r.*std::get<double RequestRecord::*>(f));
    }
    rows_ = row + 1;
}

namespace {

bool sameValue(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// The narrowest cell type of `kind` that keeps every value of `values`.
template <class Values>
std::uint8_t narrowestFor(ColumnKind kind, std::uint8_t from, const Values& values) {
    static constexpr std::uint8_t kUnsigned[] = {kU8, kU16, kU32};
    static constexpr std::uint8_t kSigned[] = {kI8, kI16, kI32};
    static constexpr std::uint8_t kReal[] = {kF32, kFix32, kF64};
    const std::uint8_t* types = kind == ColumnKind::Text      ? kUnsigned
                                : kind == ColumnKind::Integer ? kSigned
                                                              : kReal;
    for (int t = 0; t < 3; ++t) {
        if (from != kConst && types[t] < from) continue;
        if (values(types[t])) return types[t];
    }
    return types[2];
}

}  // namespace

void ColumnarRecords::put(std::size_t col, std::size_t row, std::int64_t n, double d) {
    Column& c = columns_[col];
    const std::size_t k = row / kChunkRows;
    const std::size_t at = row % kChunkRows;
    const double value = c.kind == ColumnKind::Real ? canonicalReal(d) : double(n);
    if (k == c.chunks.size()) {  // a new chunk holds its first value once
        auto chunk = std::make_shared<Chunk>();
        chunk->width = kConst;
        chunk->constant = value;
        c.chunks.push_back(std::move(chunk));
        return;
    }
    const Chunk& open = *c.chunks[k];
    if (open.width == kConst ? !sameValue(open.constant, value) : !fits(open.width, n, d))
        widen(c, k, n, d, at);
    Chunk& chunk = *c.chunks[k];
    if (chunk.width != kConst) writeCell(chunk.width, chunk.data.get(), at, n, d);
}

// A new, wider chunk (or the first with cells, for a constant one) with the first `filled`
// cells converted, able to hold (n, d) too; views keep the old one.
void ColumnarRecords::widen(Column& c, std::size_t k, std::int64_t n, double d,
                            std::size_t filled) {
    const Chunk& old = *c.chunks[k];
    const bool real = c.kind == ColumnKind::Real;
    // The rows so far read back unchanged (a float chunk becomes thousandths only when
    // every float is a whole number of thousandths), the new value keeps its CSV text.
    const std::uint8_t type = narrowestFor(c.kind, old.width, [&](std::uint8_t t) {
        if (!fits(t, n, d)) return false;
        if (!real) return old.width != kConst || fits(t, std::int64_t(old.constant), 0);
        if (old.width == kConst) return holdsExactly(t, old.constant);
        for (std::size_t i = 0; i < filled; ++i)
            if (!holdsExactly(t, old.at(i))) return false;
        return true;
    });
    auto wide = std::make_shared<Chunk>();
    wide->width = type;
    wide->data.reset(new std::byte[kChunkRows * bytesOf(type)]);
    for (std::size_t i = 0; i < filled; ++i) {
        const double v = old.at(i);
        writeCell(type, wide->data.get(), i, std::int64_t(v), v);
    }
    c.chunks[k] = std::move(wide);
}

std::uint32_t ColumnarRecords::intern(std::size_t col, std::string_view s) {
    Column& c = columns_[col];
    InternIndex& index = index_[col];
    const auto hash = std::uint32_t(std::hash<std::string_view>()(s));
    const std::int64_t found =
        index.find(hash, [&](std::uint32_t id) { return textOf(col, id) == s; });
    if (found >= 0) return std::uint32_t(found);
    // A new text: into the last char block if it fits, else a new block.
    if (c.charBlocks.empty() || c.charsUsedInLast + s.size() > c.charBlocks.back()->capacity) {
        auto block = std::make_shared<CharBlock>();
        block->capacity = std::max(kCharBlock, s.size());
        block->chars.reset(new char[block->capacity]);
        c.charBlocks.push_back(std::move(block));
        c.charsUsedInLast = 0;
    }
    std::memcpy(c.charBlocks.back()->chars.get() + c.charsUsedInLast, s.data(), s.size());
    const std::uint32_t id = std::uint32_t(c.texts);
    if (id % kRefsPerBlock == 0) c.refBlocks.push_back(std::make_shared<RefBlock>());
    c.refBlocks.back()->refs[id % kRefsPerBlock] =
        TextRef{std::uint32_t(c.charBlocks.size() - 1), std::uint32_t(c.charsUsedInLast),
                std::uint32_t(s.size())};
    c.charsUsedInLast += s.size();
    ++c.texts;  // after the bytes: a view taken later sees the whole text
    index.add(hash);
    return id;
}

}  // namespace pieslicer::ui
