// The content probe of issue 10 (image/content_probe.h), not a test:
//  cost  DIR...      what the probe costs per image (median of 5 runs), by format and size,
//                    next to the on-device preprocessing it informs;
//  sent  --calibration DIR [--no-variants] HELD-OUT-DIR...
//                    fits s' (bytes of the JPEG the device sends, measured offline as the
//                    size of preprocessOnDevice's output) on the calibration images plus the
//                    variants calibration's coverage check adds, and prints its absolute
//                    percentage error on held-out images by kind (subfolder) and format, for
//                    every candidate model and for the one calibration would choose.
//  prep  --calibration DIR [--no-variants] HELD-OUT-DIR...
//                    the same for f, on-device preprocessing on this machine (the thread's
//                    CPU time, median of 3 runs: what a scaled phone is charged, over k):
//                    fitted as calibration fits it, judged on held-out images.
// Options: --target 331 --quality 90 --side 128 (the probe's square).
//   build/bench/bench_content_probe cost sample_images /tmp/unseen /tmp/unseen-kinds
//   build/bench/bench_content_probe sent --calibration sample_images /tmp/unseen /tmp/unseen-kinds
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "image/content_probe.h"
#include "image/image_files.h"
#include "image/preprocess.h"
#include "model/component_fitting.h"
#include "model/profile_fitting.h"
#include "run/calibration_coverage.h"
#include "util/clock.h"
#include "util/stats.h"

using namespace pieslicer;
namespace fs = std::filesystem;

namespace {

struct Options {
    std::string mode;
    fs::path calibration;
    std::vector<fs::path> folders;
    bool variants = true;
    std::size_t worst = 8;
    PreprocessOptions prep;
    ContentProbeOptions probe;
};

struct Image {
    fs::path path;
    std::string kind;  // subfolder under the folder given, else the folder's name
    ImageFeatures features;
    double probeMs = 0;
    double decodeShare = 0;  // of the probe's time, its decode's
    double sent = 0;         // s'
    double prepMs = 0;
    double prepCpuMs = 0;  // median of 3 in prep mode
};

std::string kindOf(const fs::path& file, const fs::path& root) {
    const auto rel = file.lexically_relative(root);
    if (std::distance(rel.begin(), rel.end()) > 1) return rel.begin()->string();
    return fs::absolute(root).filename().string();
}

std::optional<Image> measure(const fs::path& path, const std::string& kind, const Options& o) {
    auto bytes = readFileBytes(path);
    if (!bytes) return std::nullopt;
    auto info = probeImage(bytes->data(), bytes->size());
    if (!info || !checkLimits(info.value(), ImageLimits{})) return std::nullopt;
    Image im{path, kind};
    std::vector<double> ms, decodeShare;
    double detail = 0, growth = 1;
    for (int run = 0; run < (o.mode == "cost" ? 5 : 1); ++run) {
        auto content = probeContent(bytes->data(), bytes->size(), info.value(), o.probe);
        if (!content) return std::nullopt;
        detail = content->bitsPerPixel;
        growth = content->growth;
        ms.push_back(content->ms);
        decodeShare.push_back(content->decodeMs / content->ms);
    }
    im.probeMs = percentile(ms, 0.5);
    im.decodeShare = percentile(decodeShare, 0.5);
    auto prep = preprocessOnDevice(bytes->data(), bytes->size(), o.prep);
    if (!prep) return std::nullopt;
    im.sent = double(prep->jpeg.size());
    im.prepMs = prep->totalMs;
    if (o.mode == "prep") {
        std::vector<double> cpu;
        for (int run = 0; run < 3; ++run) {
            const double start = threadCpuMs();
            if (!preprocessOnDevice(bytes->data(), bytes->size(), o.prep)) return std::nullopt;
            cpu.push_back(threadCpuMs() - start);
        }
        im.prepCpuMs = percentile(cpu, 0.5);
    }
    auto& f = im.features;
    f.bytes = double(bytes->size());
    f.width = info->width;
    f.height = info->height;
    f.format = info->format;
    f.progressive = info->progressive;
    f.quantStep = info->jpegQuantStep;
    f.detail = detail;
    f.detailGrowth = growth;
    f.detailSide = o.probe.side;
    return im;
}

std::vector<Image> measureFolder(const fs::path& root, const Options& o) {
    std::vector<Image> out;
    auto files = listImages(root);
    if (!files) return out;
    for (const auto& f : files.value())
        if (auto im = measure(f, kindOf(f, root), o)) out.push_back(*im);
    return out;
}

std::string sizeClass(const ImageFeatures& f) {
    const double mp = f.megapixels();
    return mp < 0.5 ? "<0.5 MP" : mp < 2 ? "0.5-2 MP" : mp < 8 ? "2-8 MP" : ">=8 MP";
}

int cost(const Options& o) {
    std::map<std::string, std::vector<double>> probe, prep, bytes, decode;
    for (const auto& folder : o.folders)
        for (const auto& im : measureFolder(folder, o)) {
            const std::string key = formatName(im.features.format) +
                                    (im.features.progressive ? " progressive" : "") + ", " +
                                    sizeClass(im.features);
            probe[key].push_back(im.probeMs * 1000);
            prep[key].push_back(im.prepMs);
            bytes[key].push_back(im.features.bytes / 1e3);
            decode[key].push_back(im.decodeShare);
        }
    std::printf("content probe (side %d, q%d): microseconds per image, median of 5 runs each\n",
                o.probe.side, o.probe.quality);
    std::printf("%-28s %5s %10s %10s %10s %14s %13s\n", "format, size", "n", "median KB",
                "probe p50", "probe max", "on-device p50", "decode share");
    for (const auto& [key, us] : probe)
        std::printf("%-28s %5zu %10.0f %8.0f us %8.0f us %11.1f ms %12.2f\n", key.c_str(),
                    us.size(), percentile(bytes[key], 0.5), percentile(us, 0.5),
                    *std::max_element(us.begin(), us.end()), percentile(prep[key], 0.5),
                    percentile(decode[key], 0.5));
    return 0;
}

// What the mode predicts: s' in bytes, or f in CPU milliseconds.
double responseOf(const Image& im, const Options& o) {
    return o.mode == "prep" ? im.prepCpuMs : im.sent;
}

std::vector<ComponentSample> samplesOf(const std::vector<Image>& images, const Options& o) {
    std::vector<ComponentSample> out;
    for (const auto& im : images)
        out.push_back({regressorValues(im.features, o.prep.target), responseOf(im, o)});
    return out;
}

struct Errors {
    std::map<std::string, std::vector<double>> byGroup;
    void add(const std::string& group, double ape) { byGroup[group].push_back(ape); }
};

void printErrors(const char* title, const Errors& e) {
    std::printf("%s\n  %-22s %4s %9s %9s %9s\n", title, "held-out", "n", "median", "p90", "max");
    for (const auto& [group, v] : e.byGroup)
        std::printf("  %-22s %4zu %8.1f%% %8.1f%% %8.1f%%\n", group.c_str(), v.size(),
                    percentile(v, 0.5), percentile(v, 0.9), *std::max_element(v.begin(), v.end()));
}

Errors errorsOf(const ComponentModel& m, const std::vector<Image>& heldOut, const Options& o) {
    Errors e;
    for (const auto& im : heldOut) {
        const double truth = responseOf(im, o);
        const double predicted = m.predict(regressorValues(im.features, o.prep.target));
        const double ape = 100.0 * std::fabs(predicted - truth) / truth;
        e.add(im.kind, ape);
        e.add("format " + formatName(im.features.format), ape);
        e.add("all", ape);
    }
    return e;
}

int fitAndJudge(const Options& o) {
    auto files = listImages(o.calibration);
    if (!files) {
        std::fprintf(stderr, "%s\n", files.error().c_str());
        return 1;
    }
    std::vector<Image> calibration = measureFolder(o.calibration, o);
    const fs::path tmp =
        fs::temp_directory_path() / ("pieslicer-probe-" + std::to_string(std::random_device{}()));
    if (o.variants) {
        CoverageSettings cs;
        cs.target = o.prep.target;
        const CoveragePlan plan = planCoverage(describeImages(files.value()), cs);
        fs::create_directories(tmp);
        const auto written = writeVariants(plan, tmp);
        std::printf("%s", coverageReport(plan, written).c_str());
        for (const auto& w : written)
            if (auto im = measure(w.path, "variant", o)) calibration.push_back(*im);
    }
    std::error_code ec;
    fs::remove_all(tmp, ec);
    std::vector<Image> heldOut;
    for (const auto& folder : o.folders) {
        auto more = measureFolder(folder, o);
        heldOut.insert(heldOut.end(), more.begin(), more.end());
    }
    const bool prep = o.mode == "prep";
    std::printf(
        "%s at %d px q%d, probe side %d: fitted on %zu calibration images, held out %zu\n\n",
        prep ? "f (CPU ms)" : "s'", o.prep.target, o.prep.jpegQuality, o.probe.side,
        calibration.size(), heldOut.size());
    const auto samples = samplesOf(calibration, o);
    auto fit = prep ? fitComponent(samples, prepCandidates(), 10, FitCriterion::RelativeCost)
                    : fitComponent(samples, sentCandidates());
    if (!fit) {
        std::fprintf(stderr, "fit failed: %s\n", fit.error().c_str());
        return 1;
    }
    for (const auto& c : fit->candidates) {
        if (!c.error.empty()) continue;
        const std::string title = "candidate " + c.model.formula() + "  (CV-MAPE " +
                                  std::to_string(int(std::lround(c.model.quality.cvMape))) + "%)";
        printErrors(title.c_str(), errorsOf(c.model, heldOut, o));
    }
    const std::string chosen = "CHOSEN by calibration: " + fit->best.formula();
    const Errors e = errorsOf(fit->best, heldOut, o);
    printErrors(chosen.c_str(), e);
    std::vector<std::pair<double, const Image*>> worst;
    for (const auto& im : heldOut) {
        const double predicted = fit->best.predict(regressorValues(im.features, o.prep.target));
        worst.push_back({100.0 * (predicted - responseOf(im, o)) / responseOf(im, o), &im});
    }
    std::sort(worst.begin(), worst.end(),
              [](auto& a, auto& b) { return std::fabs(a.first) > std::fabs(b.first); });
    std::printf("worst:\n");
    for (std::size_t i = 0; i < std::min<std::size_t>(worst.size(), o.worst); ++i) {
        const Image& im = *worst[i].second;
        std::printf("  %+7.1f%%  %s %9.1f  %5dx%-5d detail %.3f growth %.2f  %s\n", worst[i].first,
                    prep ? "f ms" : "s' B", responseOf(im, o), im.features.width,
                    im.features.height, im.features.detail, im.features.detailGrowth,
                    im.path.filename().string().c_str());
    }
    const auto& all = e.byGroup.at("all");
    return percentile(all, 0.5) <= 10 && percentile(all, 0.9) <= 25 ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (argc < 2) {
        std::fprintf(
            stderr,
            "usage: bench_content_probe cost DIR... | sent|prep --calibration DIR DIR...\n");
        return 1;
    }
    o.mode = argv[1];
    runOpenCvOnOneThread();  // as the CLI and the dashboard measure
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (a == "--calibration")
            o.calibration = next();
        else if (a == "--no-variants")
            o.variants = false;
        else if (a == "--worst")
            o.worst = std::stoul(next());
        else if (a == "--target")
            o.prep.target = std::stoi(next());
        else if (a == "--quality")
            o.prep.jpegQuality = std::stoi(next());
        else if (a == "--side")
            o.probe.side = std::stoi(next());
        else
            o.folders.push_back(a);
    }
    if (o.mode == "cost") return cost(o);
    if ((o.mode == "sent" || o.mode == "prep") && !o.calibration.empty()) return fitAndJudge(o);
    std::fprintf(stderr, "unknown mode or missing --calibration\n");
    return 1;
}
