#include "model/profile_fitting.h"

#include <cmath>
#include <cstdio>
#include <set>
#include <tuple>

#include "net/transfer_time.h"
#include "util/units.h"

namespace pieslicer {
namespace {

using Candidates = std::vector<Candidate>;

// Regressor sets worth trying, simplest (the paper's) first.
// One model per decoder family, plus `extra` terms.
Candidate perFamily(std::initializer_list<Regressor> extra = {}) {
    std::vector<Regressor> r = {Regressor::BaselineDecodedMegapixels,
                                Regressor::BaselineMb,
                                Regressor::ProgressiveFile,
                                Regressor::ProgressiveMegapixels,
                                Regressor::ProgressiveMb,
                                Regressor::LosslessFile,
                                Regressor::LosslessMegapixels,
                                Regressor::LosslessMb,
                                Regressor::WebpFile,
                                Regressor::WebpMegapixels,
                                Regressor::WebpMb};
    r.insert(r.end(), extra);
    return Candidate(std::move(r));
}

const Candidates kPrepCandidates = {
    {Regressor::FileMb},
    {Regressor::DecodedMegapixels},
    {Regressor::DecodedMegapixels, Regressor::FileMb},
    {Regressor::DecodedMegapixels, Regressor::FileMb, Regressor::PngMegapixels},
    // A progressive JPEG is entropy-decoded scan after scan, whatever the DCT scale: its
    // cost follows its bytes (50-110 ms/MB here) far more than its pixels (7-44 ms/MP).
    {Regressor::DecodedMegapixels, Regressor::FileMb, Regressor::PngMegapixels,
     Regressor::ProgressiveMb},
    // WebP decodes at full size like PNG, at 1.5-2x its cost per pixel: a 16.8 MP WebP
    // wallpaper took 540-680 ms here, predicted 230 ms without its own term.
    {Regressor::DecodedMegapixels, Regressor::FileMb, Regressor::PngMegapixels,
     Regressor::ProgressiveMb, Regressor::WebpMegapixels},
    // Progressive JPEGs also pay per pixel (the whole coefficient buffer, whatever the DCT
    // scale): fitted on 0.04-0.7 MB progressive files, bytes alone predicted a held-out
    // 16 MB one at 2.2x its time (280 ms/MB small, 76 ms/MB large; 40-115 ms/MP).
    {Regressor::DecodedMegapixels, Regressor::FileMb, Regressor::PngMegapixels,
     Regressor::ProgressiveMb, Regressor::WebpMegapixels, Regressor::ProgressiveMegapixels,
     Regressor::WebpMb},
    perFamily(),
    // And a file's alpha channel, per pixel (4 channels decoded, one dropped), or an
    // interlaced PNG's passes, or both: each set fits only where calibration has such files,
    // so a term without support does not keep the other from being fitted.
    perFamily({Regressor::AlphaMegapixels}),
    perFamily({Regressor::InterlacedMegapixels}),
    perFamily({Regressor::AlphaMegapixels, Regressor::InterlacedMegapixels}),
};
// s' follows the content: busy pictures give big JPEGs. The header says how busy only
// through bits per pixel and the quantisation step together (a q100 file of a plain sky has
// as many bits per pixel as a q75 file of a forest), and says nothing for PNG and WebP. The
// content probe measures it: detail carried to the target's side (linear, with the flat
// JPEG's bytes as intercept) or its log with its growth from half the probe's side. Fitted
// on sample_images and its coverage variants, on 189 held-out photos, screenshots, graphics,
// PNG and WebP (bench_content_probe sent, probe side 256): detail at the target 3.5% median
// error, 9.2% p90, every kind within 6.8% / 14.2%; the log form 4.9% / 26.1%; the header's log
// model 60% / 270% (it was 24% on photos
// alone). The header model stays first: the fallback when the probe's regressors are absent.
// No constant is offered: it ignores the image (issue 10: one was chosen with R^2 -0.41).
const Candidates kSentCandidates = {
    {{Regressor::LogBitsPerPixel, Regressor::LogQuantStep}, Response::Log},
    {Regressor::DetailKbAtTarget},
    {{Regressor::LogDetail, Regressor::LogDetailGrowth}, Response::Log},
};
// When no candidate fits (or the best explains less than the mean): the physical first
// order. Preprocessing follows the pixels decoded, s' the probe's detail, transfer the bytes.
const std::vector<Regressor> kPrepFallback = {Regressor::DecodedMegapixels, Regressor::FileMb};
const std::vector<Regressor> kSentFallback = {Regressor::DetailKbAtTarget, Regressor::FileMb};

}  // namespace

const std::vector<Candidate>& sentCandidates() { return kSentCandidates; }
const std::vector<Candidate>& prepCandidates() { return kPrepCandidates; }

namespace {

void describe(std::string& out, const char* title, const char* unit, const ComponentFit& fit) {
    char line[512];
    std::snprintf(line, sizeof line, "%s (%s):\n", title, unit);
    out += line;
    for (const auto& c : fit.candidates) {
        const bool chosen = c.error.empty() && c.model.regressors == fit.best.regressors &&
                            c.model.response == fit.best.response &&
                            c.model.intercept == fit.best.intercept;
        if (!c.error.empty()) {
            std::snprintf(
                line, sizeof line, "     [%s] not fitted: %s\n",
                c.regressors.empty() ? "mean" : regressorName(c.regressors.front()).c_str(),
                c.error.c_str());
        } else {
            const auto& q = c.model.quality;
            char cv[32] = "n/a";
            if (c.crossValidated) std::snprintf(cv, sizeof cv, "%.1f%%", q.cvMape);
            std::snprintf(
                line, sizeof line, "  %s  %-70s R^2 %.3f  MAPE %5.1f%%  CV-MAPE %s (n=%zu)\n",
                chosen ? "*" : " ", c.model.formula().c_str(), q.r2, q.mape, cv, q.samples);
        }
        out += line;
    }
    if (!fit.fallback.empty()) out += "     fallback: " + fit.fallback + "\n";
}

}  // namespace

ImageFeatures arrivedImage(const ImageFeatures& original, const RequestRecord& r, int target) {
    if (r.placement() != Placement::Device) return original;
    ImageFeatures small;
    small.bytes = r.sent_size;
    small.width = small.height = target;
    return small;
}

double cloudPrepMs(const RequestRecord& r) {
    return r.time_remote_post_network - r.time_remote_inference;
}

namespace {

// The calibration's rows, split into each component's samples, and the link's overheads.
struct ComponentSamples {
    std::vector<ComponentSample> prep, sent, transfer, cloud;
    double overheadSum = 0, extraSum = 0;
    std::size_t overheadN = 0, extraN = 0;

    void add(const CalibrationSample& sample, int target) {
        const RequestRecord& r = sample.record;
        const RegressorValues original = regressorValues(sample.image, target);
        if (r.placement() == Placement::Device) {
            prep.push_back({original, r.time_local_preprocess});
            sent.push_back({original, r.sent_size});
        }
        cloud.push_back(
            {regressorValues(arrivedImage(sample.image, r, target), target), cloudPrepMs(r)});
        RegressorValues mb;
        mb.v[int(Regressor::FileMb)] = r.sent_size / 1e6;
        transfer.push_back({mb, r.transfer_time_real});
        if (r.bytes_sent > r.sent_size) {
            overheadSum += r.bytes_sent - r.sent_size;
            ++overheadN;
        }
        if (r.uplink_mbps > 0 && r.bytes_sent > 0) {
            // What the link itself explains (with slow start's round trips under Linux TCP);
            // the rest is the endpoint's and the client's own overhead.
            const TcpModel tcp = parseTcpModel(r.tcp_model).value_or(TcpModel::Ideal);
            extraSum +=
                r.transfer_time_real -
                (uploadDeliveryMs(r.bytes_sent, r.uplink_mbps * 1e6, r.rtt_ms, tcp) + r.rtt_ms / 2);
            ++extraN;
        }
    }
};

Expected<bool> fitComponents(const ComponentSamples& c, int folds, ProfileFit& out) {
    auto f = fitComponentOrFallback(c.prep, kPrepCandidates, kPrepFallback, folds,
                                    FitCriterion::RelativeCost);
    if (!f) return fail("on-device preprocessing: " + f.error());
    auto sp = fitComponentOrFallback(c.sent, kSentCandidates, kSentFallback, folds);
    if (!sp) return fail("preprocessed size: " + sp.error());
    auto g = fitComponentOrFallback(c.transfer, {{Regressor::FileMb}}, {Regressor::FileMb}, folds,
                                    FitCriterion::Absolute);
    if (!g) return fail("transfer: " + g.error());
    auto h = fitComponentOrFallback(c.cloud, kPrepCandidates, kPrepFallback, folds,
                                    FitCriterion::RelativeCost);
    if (!h) return fail("in-cloud preprocessing: " + h.error());
    out.devicePrep = std::move(f.value());
    out.sentBytes = std::move(sp.value());
    out.transfer = std::move(g.value());
    out.cloudPrep = std::move(h.value());
    return true;
}

CostProfile profileFrom(const ProfileFit& fit, const ComponentSamples& c,
                        const ProfileFitSettings& s) {
    CostProfile p;
    p.name = "calibrated";
    p.calibrationMethod = kCalibrationMethod;
    p.device = s.device;
    p.deviceSlowdown = s.deviceSlowdown;
    p.calibrationLink = {s.uplinkBitsPerSecond, s.rttMs, s.tcp};
    p.network = s.uplinkBitsPerSecond > 0
                    ? "emulated " + formatBitRate(s.uplinkBitsPerSecond) + ", " +
                          std::to_string(int(s.rttMs)) + " ms RTT, " + tcpModelName(s.tcp) + " TCP"
                    : "unshaped";
    p.target = s.target;
    p.quality = s.quality;
    p.devicePrep = fit.devicePrep.best;
    p.sentBytes[CostProfile::sentKey(s.target, s.quality)] = fit.sentBytes.best;
    p.transfer = fit.transfer.best;
    p.cloudPrep = fit.cloudPrep.best;
    if (c.overheadN) p.wireOverheadBytes = c.overheadSum / double(c.overheadN);
    if (c.extraN) p.linkExtraMs = c.extraSum / double(c.extraN);
    return p;
}

// One sample per distinct picture: its orders and repeats share one probe.
std::vector<ProbedPicture> distinctImages(const std::vector<CalibrationSample>& samples) {
    std::set<std::tuple<double, int, int, int>> seen;
    std::vector<ProbedPicture> out;
    for (const auto& s : samples) {
        const ImageFeatures& i = s.image;
        if (seen.insert({i.bytes, i.width, i.height, int(i.format)}).second)
            out.push_back({i, s.source.empty() ? s.record.image_name_orig : s.source});
    }
    return out;
}

void describePrior(std::string& out, const char* family, const DetailPriorFamily& fit) {
    char line[512];
    if (fit.fitted())
        std::snprintf(line, sizeof line, "  %-9s %-60s spread %.2f (x%.2f)  (n=%zu)\n", family,
                      fit.model.formula().c_str(), fit.spread, std::exp(fit.spread),
                      fit.model.quality.samples);
    else
        std::snprintf(line, sizeof line,
                      "  %-9s not fitted (fewer than %zu probed pictures): the whole range\n",
                      family, kMinDetailSamples);
    out += line;
}

std::string reportOf(const ProfileFit& fit, std::size_t overheadRequests) {
    std::string report;
    describe(report, "f  on-device preprocessing", "ms", fit.devicePrep);
    describe(report, "s' preprocessed JPEG sent", "bytes", fit.sentBytes);
    describe(report, "g  transfer (fitted line)", "ms", fit.transfer);
    describe(report, "h  in-cloud preprocessing", "ms", fit.cloudPrep);
    char line[256];
    std::snprintf(
        line, sizeof line,
        "g  from the link: RTT + (bytes + %.0f B)*8/rate %+.2f ms  (overhead from %zu requests)\n",
        fit.profile.wireOverheadBytes, fit.profile.linkExtraMs, overheadRequests);
    report += line;
    report += "detail from the header (what pieslicer expects of s' before probing):\n";
    describePrior(report, "jpeg", fit.profile.detailPrior.jpeg);
    describePrior(report, "lossless", fit.profile.detailPrior.lossless);
    report +=
        "(* = chosen: f and h, sums of non-negative costs: the richest set that fitted, unless its "
        "cross-validated MAPE is 25% over the lowest; s' and g: the lowest, a richer set must "
        "win by 3%)\n";
    return report;
}

}  // namespace

Expected<ProfileFit> fitProfile(const std::vector<CalibrationSample>& samples,
                                const ProfileFitSettings& s) {
    ComponentSamples c;
    for (const auto& sample : samples)
        if (sample.record.ok()) c.add(sample, s.target);
    if (c.prep.size() < 3)
        return fail("calibration needs at least 3 successful on-device measurements");
    if (c.cloud.size() - c.prep.size() < 3)
        return fail("calibration needs at least 3 successful in-cloud measurements");
    ProfileFit out;
    if (auto fitted = fitComponents(c, s.folds, out); !fitted) return fail(fitted.error());
    out.profile = profileFrom(out, c, s);
    out.profile.detailPrior = fitDetailPrior(distinctImages(samples));
    out.report = reportOf(out, c.overheadN);
    return out;
}

}  // namespace pieslicer
