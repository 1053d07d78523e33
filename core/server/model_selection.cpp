#include "server/model_selection.h"

namespace pieslicer {

double timeBudgetMs(double slaMs, double devicePrepMs, double estimatedTransferMs,
                    double cloudSoFarMs) {
    return slaMs - devicePrepMs - estimatedTransferMs - cloudSoFarMs;
}

ModelPick pickModel(const std::vector<ModelCandidate>& candidates, double budgetMs) {
    ModelPick best;
    std::size_t fastest = 0;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const ModelCandidate& c = candidates[i];
        if (c.expectedMs < candidates[fastest].expectedMs) fastest = i;
        if (c.expectedMs > budgetMs) continue;
        const ModelCandidate& b = candidates[best.index];
        const bool better =
            !best.fits || c.top1 > b.top1 || (c.top1 == b.top1 && c.expectedMs < b.expectedMs);
        if (better) best = {i, true};
    }
    if (!best.fits) best.index = fastest;
    return best;
}

}  // namespace pieslicer
