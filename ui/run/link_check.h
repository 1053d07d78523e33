#pragma once
// The instrument checking itself: counts the requests whose measured last-byte arrival
// strayed from the link model by more than kThresholdPct (a starved or loaded machine
// does that) and words the warning the status bar and the Live tab show.
#include <QSet>
#include <QString>

#include "run/request_record.h"

namespace pieslicer::ui {

class LinkCheck {
  public:
    static constexpr double kThresholdPct = 5.0;

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
