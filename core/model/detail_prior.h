#pragma once
// What the header says of how busy a picture is, before the content probe runs (and whether
// the probe is worth its cost, strategy/content_probe_policy.h). The probe's detail is known
// for every calibration image, so calibration fits log(detail) on the header: file bits per
// pixel, the JPEG's quantisation step, the megapixels (a big picture shrunk to the model input
// packs more detail per pixel). JPEG and the lossless formats are fitted apart: their bits
// per pixel mean different things. What the fit misses is kept as the spread of the log
// residual, so a decision made on the header knows how sure it can be.
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "domain/image_features.h"
#include "model/component_model.h"
#include "util/expected.h"

namespace pieslicer {

// The detail (bits per pixel beyond flat, at the probe's side) of the plainest and busiest
// pictures: a flat field, and more than the busiest held-out texture (5.4 bpp).
constexpr double kPlainestDetail = 0.01;
constexpr double kBusiestDetail = 8.0;

// A log-normal belief of one picture's detail.
struct DetailBelief {
    double median = 0;
    double spread = 0;  // sd of log(detail)
};

struct DetailPriorFamily {
    ComponentModel model;  // log response; no regressors: not fitted
    // sd of the log residual of each picture predicted by a fit without its source (see
    // fitDetailPrior), and never less than the in-sample one
    double spread = 0;
    bool fitted() const { return !model.regressors.empty(); }
};

struct DetailPrior {
    DetailPriorFamily jpeg;
    DetailPriorFamily lossless;  // PNG, WebP and the rest

    // The family's fit for this header, or, unfitted, the whole range of pictures: its
    // geometric middle, with the plainest and the busiest two spreads away.
    DetailBelief belief(const ImageFeatures& header) const;
};

// A probed picture and the picture it was made from (calibration's coverage variants re-encode
// its own images; an original is its own source).
struct ProbedPicture {
    ImageFeatures image;
    std::string source;
};

// Fits each family with at least kMinDetailSamples pictures (one per distinct picture is the
// caller's business); a family with fewer stays unfitted. The spread is out of sample, each
// source's pictures predicted by a fit on the others: variants of one source share its content,
// so in sample they vouch for each other (a JPEG family of 13 pictures, 7 of them variants of 3
// sources, had a spread of 0.46, and a held-out chessboard's detail was 5x its median).
constexpr std::size_t kMinDetailSamples = 6;
DetailPrior fitDetailPrior(const std::vector<ProbedPicture>& probed);
// Every picture its own source.
DetailPrior fitDetailPrior(const std::vector<ImageFeatures>& probed);

nlohmann::json detailPriorToJson(const DetailPrior& prior);
// An absent key is an unfitted prior (profiles written before it existed).
Expected<DetailPrior> detailPriorFromJson(const nlohmann::json& j);

}  // namespace pieslicer
