#pragma once
// MODI-style model selection (the prototype's /modipick): the most accurate model whose
// expected inference time fits what is left of the SLA after pre-execution. Pure functions:
// no clock, no model files, so the rule is tested with injected timings.
#include <cstddef>
#include <string>
#include <vector>

namespace pieslicer {

struct ModelCandidate {
    std::string name;
    double expectedMs = 0;  // expected inference time on this machine
    double top1 = 0;        // published ImageNet top-1 accuracy, %
};

// What is left of the SLA for inference: t_sla minus the device's preprocessing, the
// estimated transfer and the endpoint's own time so far (routing, decode, resizes).
double timeBudgetMs(double slaMs, double devicePrepMs, double estimatedTransferMs,
                    double cloudSoFarMs);

struct ModelPick {
    std::size_t index = 0;  // into the candidates
    bool fits = false;      // false: nothing fits, the fastest model was taken
};

// The most accurate candidate whose expected time is within `budgetMs` (ties: the faster).
// When none fits, the fastest: the answer is late either way, and least late is best.
// `candidates` must not be empty.
ModelPick pickModel(const std::vector<ModelCandidate>& candidates, double budgetMs);

}  // namespace pieslicer
