#include "model/detail_prior.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "model/component_fitting.h"

namespace pieslicer {
namespace {

// Simplest first; cross-validation decides whether the richer sets earn their terms.
const std::vector<Candidate> kJpegCandidates = {
    {{Regressor::LogBitsPerPixel}, Response::Log},
    {{Regressor::LogBitsPerPixel, Regressor::LogQuantStep}, Response::Log},
    {{Regressor::LogBitsPerPixel, Regressor::LogQuantStep, Regressor::LogMegapixels},
     Response::Log},
};
const std::vector<Candidate> kLosslessCandidates = {
    {{Regressor::LogBitsPerPixel}, Response::Log},
    {{Regressor::LogBitsPerPixel, Regressor::LogMegapixels}, Response::Log},
};

// No fit is sure to better than this: the probe itself differs by a few % from one encoder
// setting to the next, and a handful of samples can fit each other by chance.
constexpr double kMinSpread = 0.15;

bool isJpeg(const ImageFeatures& image) { return image.format == ImageFormat::Jpeg; }

double logResidual(const ComponentModel& m, const ComponentSample& s) {
    return std::log(s.y) - std::log(std::max(1e-9, m.predict(s.x)));
}

// Each source's pictures predicted by the chosen form fitted on the other sources' pictures;
// 0 when fewer than two sources could be left out.
double outOfSampleSpread(const std::vector<ComponentSample>& samples,
                         const std::vector<std::string>& sources, const Candidate& form) {
    std::set<std::string> distinct(sources.begin(), sources.end());
    double squares = 0;
    std::size_t n = 0, groups = 0;
    for (const std::string& left : distinct) {
        std::vector<ComponentSample> rest;
        for (std::size_t i = 0; i < samples.size(); ++i)
            if (sources[i] != left) rest.push_back(samples[i]);
        std::string error;
        const ComponentModel m = fitModel(rest, form, error);
        if (!error.empty()) continue;
        ++groups;
        for (std::size_t i = 0; i < samples.size(); ++i)
            if (sources[i] == left) {
                const double r = logResidual(m, samples[i]);
                squares += r * r;
                ++n;
            }
    }
    return groups >= 2 && n > 0 ? std::sqrt(squares / double(n)) : 0.0;
}

DetailPriorFamily fitFamily(const std::vector<ProbedPicture>& pictures,
                            const std::vector<Candidate>& candidates) {
    std::vector<ComponentSample> samples;
    std::vector<std::string> sources;
    for (const ProbedPicture& p : pictures) {
        const ImageFeatures& image = p.image;
        if (image.detail > 0 && image.width > 0 && image.height > 0 && image.bytes > 0) {
            samples.push_back({regressorValues(image, kContentProbeSide), image.detail});
            sources.push_back(p.source);
        }
    }
    DetailPriorFamily family;
    if (samples.size() < kMinDetailSamples) return family;
    auto fit = fitComponent(samples, candidates, std::min<int>(10, int(samples.size())));
    if (!fit || fit->best.regressors.empty()) return family;
    double squares = 0;
    for (const auto& s : samples) {
        const double r = logResidual(fit->best, s);
        squares += r * r;
    }
    const double freedom = double(samples.size()) - double(fit->best.regressors.size()) - 1;
    if (!(freedom >= 1)) return family;
    const double inSample = std::sqrt(squares / freedom);
    const double outOfSample =
        outOfSampleSpread(samples, sources, Candidate(fit->best.regressors, fit->best.response));
    family.model = fit->best;
    family.spread = std::max({kMinSpread, inSample, outOfSample});
    return family;
}

}  // namespace

DetailBelief DetailPrior::belief(const ImageFeatures& header) const {
    const DetailPriorFamily& family = isJpeg(header) ? jpeg : lossless;
    if (family.fitted()) {
        const double median = family.model.predict(regressorValues(header, kContentProbeSide));
        if (std::isfinite(median) && median > 0)
            return {std::clamp(median, kPlainestDetail, kBusiestDetail), family.spread};
    }
    const double lo = std::log(kPlainestDetail), hi = std::log(kBusiestDetail);
    return {std::exp((lo + hi) / 2), (hi - lo) / 4};
}

DetailPrior fitDetailPrior(const std::vector<ImageFeatures>& probed) {
    std::vector<ProbedPicture> pictures;
    for (std::size_t i = 0; i < probed.size(); ++i)
        pictures.push_back({probed[i], std::to_string(i)});
    return fitDetailPrior(pictures);
}

DetailPrior fitDetailPrior(const std::vector<ProbedPicture>& probed) {
    std::vector<ProbedPicture> jpegs, others;
    for (const ProbedPicture& p : probed) (isJpeg(p.image) ? jpegs : others).push_back(p);
    DetailPrior prior;
    prior.jpeg = fitFamily(jpegs, kJpegCandidates);
    prior.lossless = fitFamily(others, kLosslessCandidates);
    return prior;
}

namespace {

nlohmann::json familyToJson(const DetailPriorFamily& family) {
    if (!family.fitted()) return nullptr;
    return {{"model", componentToJson(family.model)}, {"spread", family.spread}};
}

Expected<DetailPriorFamily> familyFromJson(const nlohmann::json& j, const std::string& what) {
    DetailPriorFamily family;
    if (j.is_null()) return family;
    if (!j.is_object() || !j.contains("model") || !j.contains("spread") || !j["spread"].is_number())
        return fail("detail_prior." + what + ": expected {model, spread}");
    auto model = componentFromJson(j["model"], "detail_prior." + what);
    if (!model) return fail(model.error());
    const double spread = j["spread"].get<double>();
    if (!(spread > 0 && spread < 10))
        return fail("detail_prior." + what + ".spread must be between 0 and 10");
    family.model = std::move(model.value());
    family.spread = spread;
    return family;
}

}  // namespace

nlohmann::json detailPriorToJson(const DetailPrior& prior) {
    return {{"jpeg", familyToJson(prior.jpeg)}, {"lossless", familyToJson(prior.lossless)}};
}

Expected<DetailPrior> detailPriorFromJson(const nlohmann::json& j) {
    DetailPrior prior;
    if (j.is_null()) return prior;
    if (!j.is_object()) return fail("detail_prior: expected an object");
    auto jpeg = familyFromJson(j.value("jpeg", nlohmann::json()), "jpeg");
    if (!jpeg) return fail(jpeg.error());
    auto lossless = familyFromJson(j.value("lossless", nlohmann::json()), "lossless");
    if (!lossless) return fail(lossless.error());
    prior.jpeg = std::move(jpeg.value());
    prior.lossless = std::move(lossless.value());
    return prior;
}

}  // namespace pieslicer
