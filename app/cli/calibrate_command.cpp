// pieslicer-cli calibrate: measure this machine, the endpoint and the link, fit a profile.
#include <cstdio>
#include <set>

#include "cli/commands.h"
#include "cli/measurement_options.h"
#include "run/calibration.h"

namespace pieslicer::cli {

int calibrateCommand(const std::vector<std::string>& args) {
    std::string error;
    auto parsed = Options::parse(args, withMeasurementFlags({}), error);
    auto usage = [](const std::string& message) {
        std::fprintf(stderr, "pieslicer-cli calibrate: %s (see pieslicer-cli --help)\n",
                     message.c_str());
        return 2;
    };
    if (!parsed) return usage(error);
    const Options& o = *parsed;
    std::set<std::string> known = {"images",     "endpoint", "out",  "repeat",
                                   "max-images", "csv",      "token"};
    for (const char* const* n = kMeasurementOptionNames; *n; ++n) known.insert(*n);
    for (const auto& [name, value] : o.all())
        if (!known.count(name)) return usage("unknown option --" + name);
    if (!o.has("images")) return usage("--images DIR is required");
    if (!o.has("out")) return usage("--out profile.json is required");

    CalibrationConfig config;
    config.images = o.get("images");
    config.endpointUrl = o.get("endpoint");
    config.bearerToken = o.get("token");
    config.outCsv = o.get("csv");
    if (!parseMeasurementOptions(o, config.link, config.measurement, error)) return usage(error);
    if (!parseInt(o.get("repeat", "1"), 1, 100, config.repeat))
        return usage("--repeat must be 1..100");
    int maxImages = 0;
    if (!parseInt(o.get("max-images", "0"), 0, 1000000, maxImages) ||
        (maxImages > 0 && maxImages < 3))
        return usage("--max-images must be 0 (all) or at least 3");
    config.maxImages = std::size_t(maxImages);

    auto result = calibrate(
        config, [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); });
    if (!result) {
        std::fprintf(stderr, "pieslicer-cli calibrate: %s\n", result.error().c_str());
        return 1;
    }
    auto saved = saveProfile(result->fit.profile, o.get("out"));
    if (!saved) {
        std::fprintf(stderr, "pieslicer-cli calibrate: %s\n", saved.error().c_str());
        return 1;
    }
    std::printf("calibrated on %zu images (%zu failed requests), target %d, quality %d, %s\n",
                result->images, result->failedRequests, result->fit.profile.target,
                result->fit.profile.quality, result->fit.profile.network.c_str());
    std::fputs(result->fit.report.c_str(), stdout);
    std::printf("profile saved to %s\n", o.get("out").c_str());
    return 0;
}

}  // namespace pieslicer::cli
