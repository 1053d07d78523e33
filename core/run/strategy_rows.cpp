#include "run/strategy_rows.h"

#include "util/clock.h"

namespace pieslicer {

TimedDecision decideOn(Strategy& strategy, ImageFeatures image, const LinkShape& link,
                       ProbeCharge probe) {
    const auto start = SteadyClock::now();
    image.uplinkBitsPerSecond = link.meanUplinkBitsPerSecond();
    image.rttMs = link.rttMs;
    image.tcp = link.tcp;
    ImageFeatures headerOnly = image;
    headerOnly.detail = 0;
    headerOnly.detailGrowth = 1;
    const ContentUse use = strategy.contentUse(headerOnly);
    TimedDecision d{&strategy, strategy.decide(use == ContentUse::Skip ? headerOnly : image)};
    if (use == ContentUse::Probe) d.contentProbe = probe;
    d.decideMs = msSince(start);
    return d;
}

RequestRecord strategyRow(const TimedDecision& d, RequestRecord measured) {
    measured.strategy = d.strategy->id();
    measured.algorithm = d.strategy->algorithm();
    measured.time_local_pieslicer = d.decideMs;
    measured.expected_time_local_prep = d.decision.predictedDeviceMs;
    measured.expected_time_remote_prep = d.decision.predictedCloudMs;
    measured.transfer_time_estimate = d.decision.predictedTransferMs;
    measured.bandwidth_estimator = d.decision.bandwidthEstimator;
    measured.estimated_uplink_mbps = mbpsFromBitsPerSecond(d.decision.estimatedUplinkBitsPerSecond);
    // The probe runs on the device before anything else of the image, whichever order follows;
    // on-device preprocessing then starts from the probe's decoded picture.
    const double paid = measured.placement() == Placement::Device
                            ? d.contentProbe.ms - d.contentProbe.reusedMs
                            : d.contentProbe.ms;
    measured.time_local_content_probe = paid;
    // When the strategy decides, its probe has run: the row's prediction counts what it paid,
    // as the row's measured time does.
    measured.preexecution_time_estimate = d.decision.predictedChosenMs() + paid;
    if (measured.ok()) {
        measured.preexecution_time += paid;
        measured.time_total += paid;
    }
    // The endpoint computed a budget from the estimate sent with the request; in a paired
    // run that was another strategy's estimate, so each row states its own.
    if (measured.ok())
        measured.time_budget = measured.sla_target - measured.time_local_content_probe -
                               measured.time_local_preprocess - measured.transfer_time_estimate;
    return measured;
}

RequestRecord fasterOrder(const RequestRecord& device, const RequestRecord& cloud) {
    const bool deviceWins =
        device.ok() && (!cloud.ok() || device.preexecution_time <= cloud.preexecution_time);
    RequestRecord kept = deviceWins ? device : cloud;
    const RequestRecord& other = deviceWins ? cloud : device;
    kept.preexecution_time_other = kept.ok() && other.ok() ? other.preexecution_time : 0;
    return kept;
}

}  // namespace pieslicer
