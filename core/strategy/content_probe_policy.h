#pragma once
// When PieSlicer should pay for the content probe (image/content_probe.h). s' (the JPEG the
// device would send) is predicted from the probe's detail, and the probe costs the device
// about a decode (2.6 ms for a small JPEG, 337 ms for a 16.8 MP WebP here, times k on a
// phone). Often s' cannot change the choice: a 5 MB photo at 8 Mbit/s is sent preprocessed
// whatever s' is. So the choice is first made with s' unknown, between the smallest and the
// largest JPEG a picture can give at the target; the probe runs only when the worst loss of
// choosing blind is more than what the probe would cost.
#include <functional>

#include "domain/image_features.h"
#include "domain/placement.h"
#include "model/cost_model.h"
#include "model/detail_prior.h"

namespace pieslicer {

// What the probe costs the device, as a share of the on-device preprocessing f it informs
// (medians of bench_content_probe cost by format at side 192: progressive JPEG 0.2-0.5,
// baseline JPEG 0.5-1.1, PNG 0.35-1.0, WebP 0.87; at 256 a little more). Its cost scales with
// f on any device (both are mostly the decode). Set high: a probe of a near-tie is a loss.
double probeShareOfDevicePrep(const ImageFeatures& image);
// Of the probe's cost, the decode's share: what on-device preprocessing for `target` reuses
// when that order follows (0 when it cannot, image/content_probe.h's decodeReusable).
double probeReusedShare(const ImageFeatures& image, int target);

struct BlindChoice {
    bool probe = false;  // knowing s' is worth the probe
    // Without the probe: the order faster on average over the belief, and the predictions of
    // its typical picture (the median detail: what the row reports).
    Decision decision;
    double deviceTransferMs = 0;  // g(s') of the typical picture
    double expectedLossMs = 0;    // of that order, against the other, over the belief
    // What the probe would cost the device, expected over the belief: all of it before an
    // in-cloud order, what is not reused before an on-device one.
    double probeCostMs = 0;
};

// `headerOnly` carries no detail (0). `predict` is the strategy's own model.
BlindChoice chooseWithoutContent(const std::function<CostPrediction(const ImageFeatures&)>& predict,
                                 const ImageFeatures& headerOnly, const DetailBelief& belief,
                                 double tieMargin, int target);

}  // namespace pieslicer
