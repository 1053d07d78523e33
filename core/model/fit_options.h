#pragma once
// How a linear model is fitted, apart from the solver: what it minimises and on which
// scale. A header of its own so that models can say how they were fitted without
// including Eigen.
namespace pieslicer {

// What the fit minimises: squared errors, or squared errors relative to y (each sample
// weighted by 1/y). Relative fits keep small values accurate when samples span 2 to 200 ms:
// the near-ties between the two orders are small images, where an absolute fit, ruled by
// the large ones, was off by 3x.
// RelativeCost is Relative for a sum of costs: no slope may be negative (a variable that
// would lower the time is left out and the rest refitted), so a rich model cannot trade a
// term against another to chase noise, and extrapolates to images larger than any sample
// (a held-out 16 MB progressive JPEG, predicted at half its time with PNG's term at -60
// ms/MP against progressive's at +235).
enum class FitCriterion { Absolute, Relative, RelativeCost };

// The scale the response is fitted on: y itself, or log y for effects that multiply
// (y = e^a * x1^b1 * ...), such as how a JPEG's size follows its content and quantisation.
// A log fit minimises squared errors of log y, which are relative errors by nature, so
// it ignores FitCriterion. Quality (R^2, MAPE) is always judged on y itself.
enum class Response { Linear, Log };

}  // namespace pieslicer
