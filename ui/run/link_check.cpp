#include "run/link_check.h"

#include <QCoreApplication>
#include <cmath>

namespace pieslicer::ui {

void LinkCheck::add(const RequestRecord& r) {
    if (!r.ok() || r.link_modelled_ms <= 0) return;  // no emulated upload to check
    if (!r.measurement_id.empty()) {
        const QString id = QString::fromStdString(r.measurement_id);
        if (seen_.contains(id)) return;
        seen_.insert(id);
    }
    ++checked_;
    if (std::abs(r.link_error_pct) <= kThresholdPct) return;
    ++flagged_;
    if (std::abs(r.link_error_pct) > std::abs(worstPct_)) worstPct_ = r.link_error_pct;
}

QString LinkCheck::warning() const {
    if (flagged_ == 0) return {};
    return QCoreApplication::translate("LinkCheck",
                                       "Link off by up to %1% on %2 of %3 requests: the machine "
                                       "may be loaded; figures may be wrong")
        .arg(std::abs(worstPct_), 0, 'f', 1)
        .arg(flagged_)
        .arg(checked_);
}

}  // namespace pieslicer::ui
