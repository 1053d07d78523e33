#include "models/record_query.h"

#include <algorithm>
#include <numeric>

namespace pieslicer::ui {

QString recordCellDisplay(const RecordColumnsView& view, std::size_t row, std::size_t col) {
    switch (view.kind(col)) {
        case ColumnKind::Real:
            return QString::number(view.number(row, col), 'g', 8);
        case ColumnKind::Integer:
            return QString::number(qint64(view.number(row, col)));
        default: {
            const std::string_view t = view.text(row, col);
            return QString::fromUtf8(t.data(), qsizetype(t.size()));
        }
    }
}

namespace {

constexpr std::size_t kProgressEvery = 16384;

// Whether each distinct text of a text column matches (a column holds few distinct texts:
// each is matched once, not once a row).
std::vector<char> textMatches(const RecordColumnsView& view, std::size_t col,
                              const QRegularExpression& re) {
    std::vector<char> out(view.distinctTexts(col));
    for (std::uint32_t id = 0; id < out.size(); ++id) {
        const std::string_view t = view.textOf(col, id);
        out[id] = re.match(QString::fromUtf8(t.data(), qsizetype(t.size()))).hasMatch();
    }
    return out;
}

}  // namespace

bool patternCanMatchANumber(const QString& pattern) {
    static const QString kRegexSyntax = QStringLiteral(".^$|?*+()[]{}\\");
    for (QChar ch : pattern)
        if (kRegexSyntax.contains(ch)) return true;  // a regular expression: may match anything
    // A literal: a number cell shows only these ('g' format: 1.5e+06, -0.25, inf, nan).
    static const QString kNumberChars = QStringLiteral("0123456789.-+einfa");
    for (QChar ch : pattern)
        if (!kNumberChars.contains(ch.toLower())) return false;
    return true;
}

std::optional<std::vector<std::uint32_t>> runRecordQuery(
    const RecordColumnsView& view, const RecordQuery& q, std::size_t first,
    const std::function<bool(std::size_t, std::size_t)>& progress) {
    const std::size_t n = view.size();
    const std::size_t total = (n > first ? n - first : 0) * (q.sortColumn >= 0 ? 2 : 1);
    auto report = [&](std::size_t done) { return !progress || progress(done, total); };
    std::vector<std::uint32_t> rows;
    if (!q.filters()) {
        rows.resize(n > first ? n - first : 0);
        std::iota(rows.begin(), rows.end(), std::uint32_t(first));
    } else {
        const QRegularExpression re(q.pattern, QRegularExpression::CaseInsensitiveOption);
        if (!re.isValid()) return rows;  // nothing matches a broken pattern
        std::vector<std::size_t> cols;
        // A literal no number cell can show ("static-cloud") skips the number columns: a
        // million rows of 50-odd formatted numbers each were 7-9 s of a filter and of every
        // sort under it, for cells that could not match.
        const bool numbersToo = patternCanMatchANumber(q.pattern);
        if (q.filterColumn >= 0)
            cols.push_back(std::size_t(q.filterColumn));
        else
            for (std::size_t c = 0; c < view.columnCount(); ++c)
                if (numbersToo || view.kind(c) == ColumnKind::Text) cols.push_back(c);
        // Text columns first: their matches are looked up, numbers are formatted.
        std::stable_partition(cols.begin(), cols.end(),
                              [&](std::size_t c) { return view.kind(c) == ColumnKind::Text; });
        std::vector<std::vector<char>> matches(view.columnCount());
        for (std::size_t c : cols)
            if (view.kind(c) == ColumnKind::Text) matches[c] = textMatches(view, c, re);
        for (std::size_t row = first; row < n; ++row) {
            if ((row - first) % kProgressEvery == 0 && !report(row - first)) return std::nullopt;
            for (std::size_t c : cols) {
                const bool hit = view.kind(c) == ColumnKind::Text
                                     ? bool(matches[c][view.textId(row, c)])
                                     : re.match(recordCellDisplay(view, row, c)).hasMatch();
                if (hit) {
                    rows.push_back(std::uint32_t(row));
                    break;
                }
            }
        }
    }
    if (q.sortColumn < 0) return rows;
    const std::size_t col = std::size_t(q.sortColumn);
    const std::size_t base = n - first;
    if (!report(base)) return std::nullopt;
    if (view.kind(col) == ColumnKind::Text) {
        // Rank each distinct text once, then sort rows by rank.
        std::vector<std::uint32_t> ids(view.distinctTexts(col));
        std::iota(ids.begin(), ids.end(), 0u);
        std::sort(ids.begin(), ids.end(), [&](std::uint32_t a, std::uint32_t b) {
            return view.textOf(col, a) < view.textOf(col, b);
        });
        std::vector<std::uint32_t> rank(ids.size());
        for (std::uint32_t i = 0; i < ids.size(); ++i) rank[ids[i]] = i;
        std::vector<std::pair<std::uint32_t, std::uint32_t>> keyed(rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i)
            keyed[i] = {rank[view.textId(rows[i], col)], rows[i]};
        if (!report(base + base / 2)) return std::nullopt;
        std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
            return q.descending ? a.first > b.first : a.first < b.first;
        });
        for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = keyed[i].second;
    } else {
        std::vector<std::pair<double, std::uint32_t>> keyed(rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i)
            keyed[i] = {view.number(rows[i], col), rows[i]};
        if (!report(base + base / 2)) return std::nullopt;
        std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
            return q.descending ? a.first > b.first : a.first < b.first;
        });
        for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = keyed[i].second;
    }
    report(total);
    return rows;
}

}  // namespace pieslicer::ui
