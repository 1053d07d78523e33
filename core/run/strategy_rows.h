#pragma once
// How a strategy's decision and a measurement of the order it chose become its record:
// shared by the experiment runner (measured rows) and the replay (re-timed rows), so both
// write the same columns the same way.
#include "domain/image_features.h"
#include "domain/link_shape.h"
#include "domain/request_record.h"
#include "strategy/strategy.h"

namespace pieslicer {

// What the content probe costs the device, and the part of it (its decode) that on-device
// preprocessing reuses when that order follows: then only the rest is an extra.
struct ProbeCharge {
    double ms = 0;
    double reusedMs = 0;
};

// One strategy's choice for one image, with what predicting and choosing cost.
struct TimedDecision {
    Strategy* strategy = nullptr;
    Decision decision;
    double decideMs = 0;
    // What the content probe cost the device, when the strategy decided on it (ContentUse::Probe).
    ProbeCharge contentProbe;
};

// The strategy decides for `image` on `link` as configured: strategies predict g from a
// trace's mean, not its instantaneous rate (a phone does not know that either). It first says
// whether it needs the content probe's detail (Strategy::contentUse): if not, it decides on the
// header alone; if so, it is charged `probe`, the probe's time on the device.
TimedDecision decideOn(Strategy& strategy, ImageFeatures image, const LinkShape& link,
                       ProbeCharge probe = {});

// A measurement (perhaps shared by several strategies) as one strategy's row: its name,
// its predictions, its own time budget, and the content probe it paid for (in
// preexecution_time and time_total): all of it before an in-cloud order, what the on-device
// order did not reuse before that one.
RequestRecord strategyRow(const TimedDecision& d, RequestRecord measured);

// The oracle's ground truth: the faster of the two orders that succeeded, with the other
// order's time when that one succeeded too (scoring tells near-ties from it).
RequestRecord fasterOrder(const RequestRecord& device, const RequestRecord& cloud);

}  // namespace pieslicer
