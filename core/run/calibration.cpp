#include "run/calibration.h"

#include <algorithm>
#include <map>
#include <random>

#include "image/image_files.h"
#include "run/calibration_coverage.h"
#include "run/experiment.h"

namespace pieslicer {
namespace {

// A folder of symlinks to `maxImages` files spread evenly over the sorted file sizes,
// so a quick calibration still sees small and large files alike.
class SubsetFolder {
  public:
    ~SubsetFolder() {
        std::error_code ec;
        if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
    }
    Expected<std::filesystem::path> make(const std::vector<std::filesystem::path>& files,
                                         std::size_t count) {
        std::vector<std::pair<std::uintmax_t, std::filesystem::path>> bySize;
        for (const auto& f : files) {
            std::error_code ec;
            bySize.push_back({std::filesystem::file_size(f, ec), f});
        }
        std::sort(bySize.begin(), bySize.end());
        dir_ = std::filesystem::temp_directory_path() /
               ("pieslicer-calibration-" + std::to_string(std::random_device{}()));
        std::error_code ec;
        std::filesystem::create_directories(dir_, ec);
        if (ec) return fail("cannot create " + dir_.string() + ": " + ec.message());
        for (std::size_t i = 0; i < count; ++i) {
            const std::size_t pick = count == 1 ? 0 : i * (bySize.size() - 1) / (count - 1);
            const auto& src = bySize[pick].second;
            const auto link = dir_ / (std::to_string(i) + "_" + src.filename().string());
            std::filesystem::create_symlink(std::filesystem::absolute(src), link, ec);
            if (ec) return fail("cannot link " + src.string() + ": " + ec.message());
        }
        return dir_;
    }

  private:
    std::filesystem::path dir_;
};

}  // namespace

CalibrationConfig calibrationFor(const ExperimentConfig& e, std::size_t maxImages) {
    CalibrationConfig cc;
    cc.images = e.images;
    cc.maxImages = maxImages;
    cc.endpointUrl = e.endpointUrl;
    cc.bearerToken = e.bearerToken;
    cc.link = e.link;
    cc.measurement = e.measurement;
    return cc;
}

namespace {

// Both orders of every image, as the statics measure them (the runner warms both up
// before the first measured request). `message` gets a line per request.
Expected<RunResult> measureBothOrders(const CalibrationConfig& config,
                                      const std::filesystem::path& root,
                                      const CalibrationMessage& message,
                                      const std::atomic<bool>* cancel) {
    ExperimentConfig ec;
    ec.images = root;
    ec.endpointUrl = config.endpointUrl;
    ec.bearerToken = config.bearerToken;
    ec.outCsv = config.outCsv;
    ec.runTag = "calibration";
    ec.repeat = std::max(1, config.repeat);
    ec.link = config.link;
    ec.measurement = config.measurement;
    std::vector<std::unique_ptr<Strategy>> both;
    both.push_back(std::make_unique<StaticStrategy>(Placement::Device));
    both.push_back(std::make_unique<StaticStrategy>(Placement::Cloud));
    ExperimentRunner runner(std::move(ec), std::move(both));
    if (message) runner.onMessage(message);
    RunControl control;
    if (message || cancel)
        runner.onRecord([&](const RequestRecord& r, const RunProgress& p) {
            if (cancel && *cancel) control.stop = true;
            if (!message) return;
            char line[512];
            if (r.ok())
                std::snprintf(line, sizeof line, "calibrating [%zu/%zu] %-6s %-40s %8.1f ms",
                              p.done, p.total, r.preprocess_location.c_str(),
                              r.image_name_orig.c_str(), r.preexecution_time);
            else
                std::snprintf(line, sizeof line, "calibrating [%zu/%zu] %-40s ERROR %s", p.done,
                              p.total, r.image_name_orig.c_str(), r.error.c_str());
            message(line);
        });
    auto run = runner.run(control);
    if (!run) return fail(run.error());
    if (run->stopped) return fail("calibration cancelled");
    return run;
}

// Header features of every original, keyed like the records.
std::map<std::string, ImageFeatures> featuresOf(const std::vector<std::filesystem::path>& files,
                                                const std::filesystem::path& root) {
    std::map<std::string, ImageFeatures> features;
    for (const auto& path : files) {
        auto loaded = loadImage(path);
        if (loaded) features[displayName(path, root)] = loaded->features();
    }
    return features;
}

// The profile describes the device measured. A paper-model phone was charged the paper's f
// (plus a residual the model cannot know), so that line is its f: the fit of it is only
// reported, as a check of the emulation.
void adoptEmulatedDevice(const EmulatedDevice& device, ProfileFit& fit) {
    describeDevice(fit.profile, device);
    if (device.mode != EmulationMode::PaperModel) return;
    const PaperPhone* phone = findPaperPhone(device.phone);
    if (!phone) return;
    fit.profile.devicePrep = paperDevicePrep(*phone);
    fit.report += "f  of the " + phone->name + " is the paper's " +
                  fit.profile.devicePrep.formula() +
                  " ms (the paper-model device is charged it; the fit above only checks that)\n";
}

ProfileFitSettings fitSettingsFor(const CalibrationConfig& config) {
    ProfileFitSettings fs;
    fs.target = config.measurement.preprocess.target;
    fs.quality = config.measurement.preprocess.jpegQuality;
    fs.device = config.measurement.device.label();
    fs.deviceSlowdown = config.measurement.device.slowdown;
    fs.uplinkBitsPerSecond = config.link.uplinkBitsPerSecond;
    fs.rttMs = config.link.rttMs;
    fs.tcp = config.link.tcp;
    return fs;
}

}  // namespace

Expected<CalibrationResult> calibrate(const CalibrationConfig& config,
                                      const CalibrationMessage& message,
                                      const std::atomic<bool>* cancel) {
    auto files = listImages(config.images);
    if (!files) return fail(files.error());
    if (files->size() < 3)
        return fail("calibration needs at least 3 images under " + config.images.string());
    SubsetFolder subset;
    std::filesystem::path root = config.images;
    if (config.maxImages >= 3 && files->size() > config.maxImages) {
        auto made = subset.make(files.value(), config.maxImages);
        if (!made) return fail(made.error());
        root = made.value();
        files = listImages(root);
        if (!files) return fail(files.error());
    }
    CoverageFolder coverage;  // variants of its own images for what the set lacks (issue 10)
    if (auto covered = coverage.cover(root, files.value(), {config.measurement.preprocess.target});
        !covered)
        return fail(covered.error());
    const auto features = featuresOf(files.value(), root);
    auto run = measureBothOrders(config, root, message, cancel);
    if (!run) return fail(run.error());

    CalibrationResult result;
    result.images = files->size() - coverage.added();
    std::vector<CalibrationSample> samples;
    for (const auto& r : run->records) {
        if (!r.ok()) {
            ++result.failedRequests;
            continue;
        }
        const auto it = features.find(r.image_name_orig);
        if (it != features.end())
            samples.push_back({it->second, r, coverage.sourceOf(r.image_name_orig)});
    }
    auto fit = fitProfile(samples, fitSettingsFor(config));
    if (!fit) return fail(fit.error());
    result.fit = std::move(fit.value());
    result.fit.report = coverage.report() + result.fit.report;
    adoptEmulatedDevice(config.measurement.device, result.fit);
    result.fit.profile.source =
        "calibrated on " + std::to_string(result.images) + " images of " + config.images.string() +
        " against " +
        (config.endpointUrl.empty() ? std::string("the embedded endpoint") : config.endpointUrl);
    return result;
}

}  // namespace pieslicer
