#pragma once
// What the records of one image say about it: each order's measured stages side by side
// (device-first: on-device preprocessing, upload of s', the cloud's rest; cloud-first:
// upload of the original, the cloud's preprocessing), and each strategy's prediction,
// choice and whether the choice was the cheaper measured order.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "domain/placement.h"
#include "domain/request_record.h"

namespace pieslicer {

// One order's stages, averaged over its distinct measurements (paired rows that share a
// measurement_id count once).
struct OrderStages {
    std::size_t measurements = 0;  // 0: this order was never measured for the image
    double devicePrepMs = 0;       // on-device preprocessing (0 for cloud-first)
    double uploadMs = 0;           // the transfer of what was sent
    double cloudMs = 0;            // the cloud's work before inference (its preprocessing)
    double totalMs = 0;            // pre-execution time: the three above
    double sentBytes = 0;
};

struct StrategyVerdict {
    std::string strategy;
    int repeat = 0;
    Placement choice = Placement::Cloud;
    double predictedDeviceMs = 0;  // the strategy's prediction of each order (0: none made)
    double predictedCloudMs = 0;
    double measuredMs = 0;  // of the chosen order, as the strategy's row reports it
    // The choice against the cheaper measured order of the same repeat (the oracle's row
    // when there is one); nothing when both orders were not measured.
    std::optional<bool> right;
    double lostMs = 0;  // when wrong: the chosen order's time minus the cheaper one's
};

struct ImageBreakdown {
    std::string image;
    // The original as its rows describe it (for when the file itself cannot be read).
    std::string format;
    int width = 0, height = 0;
    double bytes = 0;
    double quantStep = 0;
    bool progressive = false;
    OrderStages byOrder[2];                 // indexed by Placement
    std::optional<Placement> cheaper;       // over all repeats, by the orders' mean totals
    std::vector<StrategyVerdict> verdicts;  // in record order
    std::size_t errors = 0;                 // error rows of the image
};

// `records` are one image's (any other image's rows are ignored: the first one's name
// decides); error rows are counted, not averaged.
ImageBreakdown breakdownOfImage(const std::vector<RequestRecord>& records);

}  // namespace pieslicer
