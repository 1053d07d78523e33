#pragma once
// The instrument checking itself, as records arrive: core's checkLinkFidelity() rule
// (same threshold, shared measurements once) kept up to date a batch at a time instead
// of over every record each frame, and the warning the status bar and the Live tab show.
#include <QSet>
#include <QString>

#include "domain/request_record.h"
#include "run/link_fidelity.h"

namespace pieslicer::ui {

class LinkCheck {
  public:
    static constexpr double kThresholdPct = kLinkErrorWarnPct;

    void clear() { *this = LinkCheck(); }
    // Rows sharing a measurement (paired design) count once.
    void add(const RequestRecord& r);
    int checked() const { return checked_; }
    int flagged() const { return flagged_; }
    double worstPct() const { return worstPct_; }
    // Empty while every request is within the threshold.
    QString warning() const;

  private:
    QSet<QString> seen_;
    int checked_ = 0;
    int flagged_ = 0;
    double worstPct_ = 0;  // signed: + late, - early
};

}  // namespace pieslicer::ui
