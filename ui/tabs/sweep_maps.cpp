#include "tabs/sweep_maps.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "domain/strategy_ids.h"

namespace pieslicer::ui {
namespace {

bool isBaseline(const std::string& id) {
    return id == strategy_id::kStaticDevice || id == strategy_id::kStaticCloud ||
           id == strategy_id::kOracle;
}

const CellHeadline* headlineOf(const SweepCellSummary& c, const std::string& strategy) {
    for (const auto& h : c.headlines)
        if (h.strategy == strategy) return &h;
    return nullptr;
}

QString interval(const Interval& ci, int decimals, bool sign) {
    if (!ci.valid) return {};
    auto n = [&](double v) {
        return (sign && v >= 0 ? QStringLiteral("+") : QString()) +
               QString::number(v, 'f', decimals);
    };
    return QStringLiteral("[%1, %2]").arg(n(ci.lo), n(ci.hi));
}

SweepMap emptyMap(const SweepSummary& summary) {
    SweepMap m;
    std::size_t rows = 0, cols = 0;
    for (const auto& c : summary.cells) {
        rows = std::max(rows, c.cell.device + 1);
        cols = std::max(cols, c.cell.uplink + 1);
    }
    for (std::size_t r = 0; r < rows; ++r) m.rows << QString();
    for (std::size_t c = 0; c < cols; ++c) m.columns << QString();
    for (const auto& c : summary.cells) {
        m.rows[int(c.cell.device)] = QString::fromStdString(c.cell.deviceName);
        m.columns[int(c.cell.uplink)] = QString::fromStdString(c.cell.uplinkName);
    }
    m.cells.assign(rows, std::vector<HeatmapCell>(cols));
    return m;
}

double largest(const SweepMap& m, double floor) {
    double out = floor;
    for (const auto& row : m.cells)
        for (const auto& c : row)
            if (c.has) out = std::max(out, std::abs(c.value));
    return out;
}

}  // namespace

std::vector<SweepSlice> sweepSlices(const SweepSummary& summary) {
    std::vector<SweepSlice> out;
    std::set<std::pair<std::size_t, std::size_t>> seen;
    for (const auto& c : summary.cells)
        if (seen.insert({c.cell.rtt, c.cell.tcp}).second)
            out.push_back({QStringLiteral("%1, %2 TCP")
                               .arg(QString::fromStdString(c.cell.rttName),
                                    QString::fromStdString(c.cell.tcpName)),
                           c.cell.rtt, c.cell.tcp});
    return out;
}

QStringList sweepStrategies(const SweepSummary& summary) {
    QStringList first, baselines;
    for (const auto& c : summary.cells)
        for (const auto& h : c.headlines) {
            const QString id = QString::fromStdString(h.strategy);
            QStringList& to = isBaseline(h.strategy) ? baselines : first;
            if (!first.contains(id) && !baselines.contains(id)) to << id;
        }
    return first + baselines;
}

QString savingsCellText(const CellHeadline& h) {
    QString text = QStringLiteral("%1%2%")
                       .arg(h.savingsPercent >= 0 ? "+" : "")
                       .arg(h.savingsPercent, 0, 'f', 1);
    const QString ci = interval(h.savingsPercentCi, 1, true);
    if (!ci.isEmpty()) text += "\n" + ci;
    if (!h.differenceMeasured) text += QObject::tr("\nno difference");
    return text;
}

SweepMaps sweepMaps(const SweepSummary& summary, const SweepSlice& slice,
                    const std::string& strategy) {
    SweepMaps m{emptyMap(summary), emptyMap(summary), emptyMap(summary)};
    for (const auto& c : summary.cells) {
        if (c.cell.rtt != slice.rtt || c.cell.tcp != slice.tcp) continue;
        const CellHeadline* h = headlineOf(c, strategy);
        if (!h) continue;
        const std::size_t r = c.cell.device, col = c.cell.uplink;
        if (h->hasSavings)
            m.savings.cells[r][col] = {true, h->savingsPercent, savingsCellText(*h),
                                       !h->differenceMeasured};
        if (h->hasRegret)
            m.regret.cells[r][col] = {true, h->regretPercent,
                                      QStringLiteral("%1%").arg(h->regretPercent, 0, 'f', 2)};
        if (h->hasDecisiveF1) {
            QString text = QString::number(h->decisiveF1, 'f', 3);
            if (const QString ci = interval(h->decisiveF1Ci, 2, false); !ci.isEmpty())
                text += "\n" + ci;
            m.decisiveF1.cells[r][col] = {true, h->decisiveF1, text};
        }
    }
    m.savings.scale = {HeatmapScale::Kind::Diverging, 0, largest(m.savings, 5)};
    m.regret.scale = {HeatmapScale::Kind::LowerIsBetter, 0, largest(m.regret, 5)};
    m.decisiveF1.scale = {HeatmapScale::Kind::HigherIsBetter, 0.5, 1};
    return m;
}

}  // namespace pieslicer::ui
