#include "run/experiment.h"

#include <optional>
#include <set>
#include <tuple>

#include "image/image_files.h"
#include "run/record_csv.h"
#include "server/endpoint_server.h"
#include "util/clock.h"

namespace pieslicer {
namespace {

using ItemKey = std::tuple<std::string, std::string, int>;  // image, strategy, repeat

// Runs both orders and keeps the faster one's record: the oracle's ground truth.
RequestRecord measureBoth(EndpointClient& client, const LoadedImage& image,
                          const MeasurementSettings& s, const RequestRecord& blank,
                          RequestRecord& other) {
    RequestRecord device = blank, cloud = blank;
    measurePlacement(client, image, Placement::Device, s, device);
    measurePlacement(client, image, Placement::Cloud, s, cloud);
    const bool deviceWins =
        device.ok() && (!cloud.ok() || device.preexecution_time <= cloud.preexecution_time);
    other = deviceWins ? cloud : device;
    return deviceWins ? device : cloud;
}

}  // namespace

ExperimentRunner::ExperimentRunner(ExperimentConfig config,
                                   std::vector<std::unique_ptr<Strategy>> strategies)
    : config_(std::move(config)), strategies_(std::move(strategies)) {}

Expected<RunResult> ExperimentRunner::run(RunControl& control) {
    RunResult result;
    if (strategies_.empty()) return fail("no strategy selected");
    auto files = listImages(config_.images);
    if (!files) return fail(files.error());
    if (files->empty())
        return fail("no images (jpg, jpeg, png, webp, bmp, tiff) under " + config_.images.string());

    // Resume: what is already on disk counts as done.
    std::set<ItemKey> done;
    if (config_.resume && !config_.outCsv.empty() && std::filesystem::exists(config_.outCsv)) {
        auto previous = readRecordsCsv(config_.outCsv);
        if (!previous) return fail("cannot resume: " + previous.error());
        for (auto& r : previous.value()) {
            done.insert({r.image_name_orig, r.strategy, r.repeat});
            result.records.push_back(std::move(r));
        }
    }
    std::optional<RecordCsvWriter> csv;
    if (!config_.outCsv.empty()) {
        auto opened = RecordCsvWriter::open(config_.outCsv);
        if (!opened) return fail(opened.error());
        csv.emplace(std::move(opened.value()));
    }

    std::unique_ptr<EndpointServer> embedded;
    result.endpointUrl = config_.endpointUrl;
    if (result.endpointUrl.empty()) {
        EndpointConfig ec;
        ec.threads = 2;
        ec.upload.target = config_.measurement.preprocess.target;
        embedded = std::make_unique<EndpointServer>(ec);
        auto port = embedded->start();
        if (!port) return fail("cannot start the embedded endpoint: " + port.error());
        result.endpointUrl = embedded->url();
        message("embedded endpoint on " + result.endpointUrl);
    }
    ClientConfig cc;
    cc.endpointUrl = result.endpointUrl;
    cc.bearerToken = config_.bearerToken;
    auto client = EndpointClient::create(cc);
    if (!client) return fail(client.error());
    auto& cl = *client.value();
    cl.setLink(config_.link);
    // The first ping also opens the connection; the second sees the warm path requests use.
    auto ping = cl.ping();
    if (!ping) return fail("endpoint " + result.endpointUrl + " is unreachable: " + ping.error());
    if (auto warm = cl.ping(); warm && warm->rttMs < ping->rttMs) ping = warm;
    result.pingMs = ping->rttMs;
    result.clockOffsetMs = ping->clockOffsetMs;

    RunProgress progress;
    progress.total = files->size() * std::size_t(std::max(1, config_.repeat)) * strategies_.size();
    const auto started = SteadyClock::now();
    std::size_t measuredThisRun = 0;
    for (const auto& path : files.value()) {
        ImageJob job{path, displayName(path, config_.images)};
        std::optional<Expected<LoadedImage>> loaded;  // read once per image, lazily
        for (int rep = 0; rep < std::max(1, config_.repeat); ++rep) {
            for (auto& strategy : strategies_) {
                if (control.stop) {
                    result.stopped = true;
                    return result;
                }
                while (control.pause && !control.stop) sleepMs(20);
                if (done.count({job.name, strategy->id(), rep})) {
                    ++progress.done;
                    ++result.skippedByResume;
                    continue;
                }
                const LinkShape link =
                    control.linkForNextRequest ? control.linkForNextRequest() : config_.link;
                cl.setLink(link);
                RequestRecord record = newRecord(job, config_.measurement, link);
                record.run_tag = config_.runTag;
                record.strategy = strategy->id();
                record.algorithm = strategy->algorithm();
                record.repeat = rep;
                record.ping_time = result.pingMs;
                record.network_offset = result.clockOffsetMs;
                if (!loaded) loaded = loadImage(path);
                if (!loaded->ok()) {
                    record.status = "error";
                    record.error = loaded->error();
                } else {
                    const LoadedImage& image = loaded->value();
                    const auto decideStart = SteadyClock::now();
                    ImageFeatures features = image.features();
                    features.uplinkBitsPerSecond =
                        link.uplinkBitsPerSecond;  // strategies may predict g from it
                    features.rttMs = link.rttMs;
                    const Decision d = strategy->decide(features);
                    record.time_local_pieslicer = msSince(decideStart);
                    record.expected_time_local_prep = d.predictedDeviceMs;
                    record.expected_time_remote_prep = d.predictedCloudMs;
                    record.preexecution_time_estimate = d.predictedChosenMs();
                    record.transfer_time_estimate = d.predictedTransferMs;
                    if (strategy->measuresBothOrders()) {
                        RequestRecord slower;
                        record = measureBoth(cl, image, config_.measurement, record, slower);
                    } else {
                        measurePlacement(cl, image, d.placement, config_.measurement, record);
                    }
                    strategy->observe(record);
                }
                if (csv) {
                    auto written = csv->append(record);
                    if (!written) {
                        result.records.push_back(std::move(record));
                        return fail(written.error());
                    }
                }
                ++progress.done;
                ++measuredThisRun;
                progress.elapsedMs = msSince(started);
                progress.etaMs = progress.elapsedMs / double(measuredThisRun) *
                                 double(progress.total - progress.done);
                result.records.push_back(record);
                if (onRecord_) onRecord_(result.records.back(), progress);
            }
        }
    }
    return result;
}

}  // namespace pieslicer
