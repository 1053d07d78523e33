#include "run/calibration_coverage.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <random>

#include "image/image_files.h"

namespace pieslicer {
namespace {

bool isJpeg(const CoverageImage& i) { return i.info.format == ImageFormat::Jpeg; }

double bitsPerPixel(const ImageInfo& info) {
    const double mp = info.megapixels();
    return mp > 0 ? info.bytes * 8.0 / (mp * 1e6) : 0.0;
}

std::size_t countIf(const std::vector<CoverageImage>& images,
                    bool (*pred)(const CoverageImage&, int), int target) {
    return std::size_t(std::count_if(images.begin(), images.end(),
                                     [&](const CoverageImage& i) { return pred(i, target); }));
}

// Up to `n` of `pool` spread evenly over their file sizes: small and large sources alike.
std::vector<const CoverageImage*> spread(std::vector<const CoverageImage*> pool, std::size_t n) {
    std::sort(pool.begin(), pool.end(),
              [](auto* a, auto* b) { return a->info.bytes < b->info.bytes; });
    if (pool.size() <= n) return pool;
    std::vector<const CoverageImage*> out;
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(pool[n == 1 ? pool.size() / 2 : i * (pool.size() - 1) / (n - 1)]);
    return out;
}

struct Rule {
    const char* what;  // the gap, as the report says it
    bool (*has)(const CoverageImage&, int target);
    std::size_t needed;  // images with the feature below which the gap is covered
    VariantSpec spec;
    bool lossless;  // sources kept small
};

std::string range(const char* name, double lo, double hi, const char* unit) {
    char line[160];
    std::snprintf(line, sizeof line, "%s %.3g-%.3g%s", name, lo, hi, unit);
    return line;
}

double aspect(const ImageInfo& i) {
    return double(std::max(i.width, i.height)) / std::max(1, std::min(i.width, i.height));
}

std::vector<std::string> spaceOf(const std::vector<CoverageImage>& images) {
    std::size_t n[5] = {}, progressive = 0, interlaced = 0, grey = 0;
    double qLo = 1e9, qHi = 0, bLo = 1e9, bHi = 0, mLo = 1e9, mHi = 0, aLo = 1e9, aHi = 0;
    for (const auto& i : images) {
        ++n[int(i.info.format)];
        progressive += isJpeg(i) && i.info.progressive;
        interlaced += i.info.format == ImageFormat::Png && i.info.progressive;
        grey += i.info.channels == 1;
        if (i.info.jpegQuantStep > 0) {
            qLo = std::min(qLo, i.info.jpegQuantStep);
            qHi = std::max(qHi, i.info.jpegQuantStep);
        }
        const double mp = i.info.megapixels(), bpp = bitsPerPixel(i.info);
        bLo = std::min(bLo, bpp), bHi = std::max(bHi, bpp);
        mLo = std::min(mLo, mp), mHi = std::max(mHi, mp);
        aLo = std::min(aLo, aspect(i.info)), aHi = std::max(aHi, aspect(i.info));
    }
    char line[200];
    std::snprintf(line, sizeof line,
                  "%zu images: %zu JPEG (%zu progressive), %zu PNG (%zu interlaced), %zu WebP, "
                  "%zu other; %zu grey",
                  images.size(), n[int(ImageFormat::Jpeg)], progressive, n[int(ImageFormat::Png)],
                  interlaced, n[int(ImageFormat::WebP)],
                  n[int(ImageFormat::Bmp)] + n[int(ImageFormat::Tiff)], grey);
    std::vector<std::string> out = {line};
    if (images.empty()) return out;
    out.push_back((qHi > 0 ? range("JPEG quant step", qLo, qHi, "") : "no JPEG quant step") + ", " +
                  range("bits per pixel", bLo, bHi, "") + ", " + range("megapixels", mLo, mHi, "") +
                  ", " + range("aspect", aLo, aHi, ":1"));
    return out;
}

const std::vector<Rule>& rules() {
    static const std::vector<Rule> all = {
        {"progressive JPEGs (progressive_mb)",
         [](const CoverageImage& i, int) { return isJpeg(i) && i.info.progressive; },
         3,
         {VariantKind::ProgressiveJpeg, 92},
         false},
        {"PNGs (png_megapixels; s' of lossless originals)",
         [](const CoverageImage& i, int) { return i.info.format == ImageFormat::Png; },
         3,
         {VariantKind::Png},
         true},
        // A lossless file costs per pixel and per byte; PNGs of photos alone (10-20 bits per
        // pixel) cannot tell the two apart, and f fitted on them predicted held-out drawings
        // and screenshots (0.1-2 bits per pixel) at 2x their time.
        {"lossless pictures of few bits per pixel, under 3 (drawings, screenshots)",
         [](const CoverageImage& i, int) {
             return i.info.format != ImageFormat::Jpeg && i.info.format != ImageFormat::WebP &&
                    i.info.megapixels() > 0 && bitsPerPixel(i.info) < 3;
         },
         2,
         {VariantKind::FlatPng},
         true},
        // Four channels decoded and one dropped: about 1.3x the cost per pixel.
        {"pictures with an alpha channel (alpha_megapixels)",
         [](const CoverageImage& i, int) { return i.info.hasAlpha(); },
         2,
         {VariantKind::AlphaPng},
         true},
        // Seven passes to undo: 8-10 ms/MP more than a plain PNG here. Small ones do not
        // count: two screenshots of 0.2 MP and 0.001 MP (the check's calibration half) leave a
        // rate per pixel to their fixed costs and timer noise.
        {"interlaced PNGs of 0.5 MP or more (interlaced_megapixels)",
         [](const CoverageImage& i, int) {
             return i.info.format == ImageFormat::Png && i.info.progressive &&
                    i.info.megapixels() >= 0.5;
         },
         2,
         {VariantKind::InterlacedPng, 95, 1280},
         true},
        {"WebPs (png_megapixels: no DCT shortcut; s' of WebP originals)",
         [](const CoverageImage& i, int) { return i.info.format == ImageFormat::WebP; },
         2,
         {VariantKind::WebP, 90},
         true},
        {"coarsely quantised JPEGs, quality 80 or less (log_quant_step)",
         [](const CoverageImage& i, int) { return isJpeg(i) && i.info.jpegQuantStep >= 20; },
         2,
         {VariantKind::JpegQuality, 70},
         false},
        {"finely quantised JPEGs, quality 96 or more (log_quant_step)",
         [](const CoverageImage& i, int) {
             return isJpeg(i) && i.info.jpegQuantStep > 0 && i.info.jpegQuantStep <= 4;
         },
         2,
         {VariantKind::JpegQuality, 97},
         false},
        {"small pictures, under 1.5x the model input (no DCT downscale; s' of upscaled content)",
         [](const CoverageImage& i, int t) {
             return std::min(i.info.width, i.info.height) < t * 3 / 2;
         },
         3,
         {VariantKind::Smaller, 85, 480},
         false},
        {"grey pictures",
         [](const CoverageImage& i, int) { return i.info.channels == 1; },
         1,
         {VariantKind::Grey, 90},
         false},
        {"wide pictures, 16:9 or wider (s' of content squeezed to a square)",
         [](const CoverageImage& i, int) { return aspect(i.info) >= 1.7; },
         2,
         {VariantKind::Wide, 90},
         false},
    };
    return all;
}

// A large progressive JPEG costs per byte (every scan entropy-decoded) and per pixel (the whole
// coefficient buffer, scan after scan). Encoded at q92 the large variant has about 1 bit per
// pixel, so the two cannot be told apart, and f of a held-out 16 MB, 17.9 MP progressive photo
// (7.3 bits per pixel) was 0.65-0.72 of its time on two emulated phones. The same picture at
// q100 has 3-6 bits per pixel.
constexpr const char* kDenseReason =
    "a large progressive JPEG of many bits per pixel (it costs per byte and per pixel)";

// Pixels cannot be added by re-encoding, but decoding costs per pixel and per byte whatever
// the content: with no picture of 8 MP or more, f of a held-out 17.9 MP progressive photo was
// extrapolated from 4 MP and missed by 26% (the one wrong call on campus Wi-Fi). So the
// largest picture also comes upscaled (cubic, a smoother content than a real photo of that
// size: fewer bytes per pixel) to about 16 MP, as a progressive JPEG.
void addLargerPicture(const CoverageImage& largest, CoveragePlan& plan) {
    const double mp = largest.info.megapixels();
    if (mp >= 8 || mp <= 0) return;
    const double factor = std::min(4.0, std::sqrt(16.0 / mp));
    const int longSide = int(std::max(largest.info.width, largest.info.height) * factor);
    char line[200];
    std::snprintf(line, sizeof line,
                  "a picture of 8 MP or more (the largest is %.3g MP; decoding costs per pixel)",
                  mp);
    plan.lacks.push_back(line);
    plan.variants.push_back({largest.path, {VariantKind::Larger, 92, longSide}, line});
    plan.variants.push_back({largest.path, {VariantKind::Larger, 100, longSide}, kDenseReason});
}

// A progressive JPEG costs per pixel and per byte at once, and small ones cost more per byte
// than large ones: fitted on progressive files of 42-700 KB only, f predicted a held-out 16 MB
// progressive photo at 2.7x its time. So the largest picture also comes as a progressive
// JPEG unless one of at least half its pixels is there already.
void addLargeProgressive(const std::vector<CoverageImage>& images,
                         const std::vector<const CoverageImage*>& sources, CoveragePlan& plan) {
    const CoverageImage* largest = nullptr;
    for (const auto* i : sources)
        if (!largest || i->info.megapixels() > largest->info.megapixels()) largest = i;
    if (!largest) return;
    const double half = largest->info.megapixels() / 2;
    const bool covered = std::any_of(images.begin(), images.end(), [half](const CoverageImage& i) {
        return isJpeg(i) && i.info.progressive && i.info.megapixels() >= half;
    });
    const bool planned =
        std::any_of(plan.variants.begin(), plan.variants.end(), [largest](const auto& v) {
            return v.source == largest->path && v.spec.kind == VariantKind::ProgressiveJpeg;
        });
    addLargerPicture(*largest, plan);
    if (covered || planned) return;
    char line[200];
    std::snprintf(line, sizeof line,
                  "a progressive JPEG of at least %.3g MP (half the largest picture; "
                  "progressive_mb extrapolates badly from small ones)",
                  half);
    plan.lacks.push_back(line);
    plan.variants.push_back({largest->path, {VariantKind::ProgressiveJpeg, 92}, line});
    plan.variants.push_back({largest->path, {VariantKind::ProgressiveJpeg, 100}, kDenseReason});
}

}  // namespace

std::vector<CoverageImage> describeImages(const std::vector<std::filesystem::path>& files) {
    std::vector<CoverageImage> out;
    for (const auto& f : files) {
        auto bytes = readFileBytes(f);
        if (!bytes) continue;
        auto info = probeImage(bytes->data(), bytes->size());
        if (info) out.push_back({f, info.value()});
    }
    return out;
}

CoveragePlan planCoverage(const std::vector<CoverageImage>& images, const CoverageSettings& s) {
    CoveragePlan plan;
    plan.space = spaceOf(images);
    // Sources must decode within the limits; lossy re-encodes of a lossy original are only
    // made from JPEGs or lossless files (a JPEG of a WebP would carry both codecs' artefacts).
    std::vector<const CoverageImage*> sources, small;
    for (const auto& i : images) {
        if (!checkLimits(i.info, ImageLimits{})) continue;
        if (i.info.format != ImageFormat::WebP) sources.push_back(&i);
        if (i.info.megapixels() <= s.maxLosslessMegapixels && i.info.format != ImageFormat::WebP)
            small.push_back(&i);
    }
    for (const Rule& rule : rules()) {
        const std::size_t have = countIf(images, rule.has, s.target);
        if (have >= rule.needed) continue;
        char line[256];
        std::snprintf(line, sizeof line, "%zu %s (want %zu)", have, rule.what, rule.needed);
        plan.lacks.push_back(line);
        // Sources that do not already have the feature, so each variant adds it.
        std::vector<const CoverageImage*> pool;
        for (const auto* i : rule.lossless ? small : sources)
            if (!rule.has(*i, s.target)) pool.push_back(i);
        if (pool.empty()) {
            plan.uncovered.push_back(std::string("no source image for ") + rule.what);
            continue;
        }
        for (const auto* src : spread(pool, std::min(s.perGap, rule.needed - have + 1)))
            plan.variants.push_back({src->path, rule.spec, line});
    }
    addLargeProgressive(images, sources, plan);
    const bool large = std::any_of(images.begin(), images.end(),
                                   [](const CoverageImage& i) { return i.info.megapixels() >= 8; });
    const bool upscaled =
        std::any_of(plan.variants.begin(), plan.variants.end(),
                    [](const auto& v) { return v.spec.kind == VariantKind::Larger; });
    if (!large && !upscaled)
        plan.uncovered.push_back(
            "no picture of 8 MP or more: predictions for larger ones extrapolate");
    return plan;
}

std::vector<WrittenVariant> writeVariants(const CoveragePlan& plan,
                                          const std::filesystem::path& dir) {
    std::vector<WrittenVariant> written;
    std::filesystem::path lastSource;
    cv::Mat decoded;
    for (const auto& v : plan.variants) {
        if (v.source != lastSource) {
            lastSource = v.source;
            decoded.release();
            if (auto bytes = readFileBytes(v.source))
                if (auto image = decodeFull(bytes.value())) decoded = image.value();
        }
        if (decoded.empty()) continue;
        auto encoded = makeVariant(decoded, v.spec);
        if (!encoded) continue;
        std::string label = variantLabel(v.spec);
        std::replace_if(
            label.begin(), label.end(), [](char c) { return !std::isalnum(c); }, '-');
        const auto path = dir / ("variant_" + label + "_" + v.source.stem().string() + "." +
                                 variantExtension(v.spec));
        // Two gaps may ask for the same variant of the same image: one file serves both.
        if (std::any_of(written.begin(), written.end(),
                        [&](const WrittenVariant& w) { return w.path == path; }))
            continue;
        std::FILE* f = std::fopen(path.c_str(), "wb");
        if (!f) continue;
        const bool ok = std::fwrite(encoded->data(), 1, encoded->size(), f) == encoded->size();
        if (std::fclose(f) != 0 || !ok) continue;
        written.push_back({path, v, encoded->size()});
    }
    return written;
}

std::string coverageReport(const CoveragePlan& plan, const std::vector<WrittenVariant>& written) {
    std::string out = "coverage of the calibration images:\n";
    for (const auto& line : plan.space) out += "  " + line + "\n";
    for (const auto& line : plan.lacks) out += "  lacks: " + line + "\n";
    for (const auto& line : plan.uncovered) out += "  not covered: " + line + "\n";
    for (const auto& w : written) {
        char line[512];
        std::snprintf(line, sizeof line, "  added %s of %s (%zu B), for: %s\n",
                      variantLabel(w.plan.spec).c_str(), w.plan.source.filename().string().c_str(),
                      w.bytes, w.plan.reason.c_str());
        out += line;
    }
    if (plan.lacks.empty()) out += "  nothing lacking: no variants added\n";
    return out;
}

CoverageFolder::~CoverageFolder() {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

Expected<bool> CoverageFolder::cover(std::filesystem::path& root,
                                     std::vector<std::filesystem::path>& files,
                                     const CoverageSettings& settings) {
    const CoveragePlan plan = planCoverage(describeImages(files), settings);
    if (plan.variants.empty()) {
        report_ = coverageReport(plan, {});
        return true;
    }
    dir_ = std::filesystem::temp_directory_path() /
           ("pieslicer-coverage-" + std::to_string(std::random_device{}()));
    std::error_code ec;
    std::filesystem::create_directories(dir_ / "variants", ec);
    if (ec) return fail("cannot create " + dir_.string() + ": " + ec.message());
    const bool single = std::filesystem::is_regular_file(root);
    for (const auto& f : files) {
        // The same relative names as under `root`, so records name the originals as before.
        auto rel = single ? f.filename() : f.lexically_relative(root);
        if (rel.empty() || *rel.begin() == "..") rel = f.filename();
        const auto link = dir_ / rel;
        std::filesystem::create_directories(link.parent_path(), ec);
        std::filesystem::create_symlink(std::filesystem::absolute(f), link, ec);
        if (ec) return fail("cannot link " + f.string() + ": " + ec.message());
    }
    const auto written = writeVariants(plan, dir_ / "variants");
    report_ = coverageReport(plan, written);
    for (const auto& w : written) {
        auto source = single ? w.plan.source.filename() : w.plan.source.lexically_relative(root);
        if (source.empty() || *source.begin() == "..") source = w.plan.source.filename();
        sources_[displayName(w.path, dir_)] = source.generic_string();
    }
    auto listed = listImages(dir_);
    if (!listed) return fail(listed.error());
    added_ = listed->size() > files.size() ? listed->size() - files.size() : 0;
    root = dir_;
    files = std::move(listed.value());
    return true;
}

std::string CoverageFolder::sourceOf(const std::string& name) const {
    const auto it = sources_.find(name);
    return it == sources_.end() ? name : it->second;
}

}  // namespace pieslicer
