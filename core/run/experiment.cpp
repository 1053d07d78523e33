#include "run/experiment.h"

#include <algorithm>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
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

// One strategy's choice for the image of this round, waiting for its measurement.
struct Pending {
    Strategy* strategy = nullptr;
    Decision decision;
    double decideMs = 0;  // what predicting and choosing cost
    bool emitted = false;
};

// The oracle's ground truth: the faster of the two orders that succeeded.
RequestRecord faster(const RequestRecord& device, const RequestRecord& cloud) {
    const bool deviceWins =
        device.ok() && (!cloud.ok() || device.preexecution_time <= cloud.preexecution_time);
    return deviceWins ? device : cloud;
}

// The strategy's prediction and choice, timed.
Pending decide(Strategy& strategy, const LoadedImage& image, const LinkShape& link) {
    const auto start = SteadyClock::now();
    ImageFeatures features = image.features();
    // Strategies may predict g from the link as configured: a trace's mean, not its
    // instantaneous rate (a phone does not know that either).
    features.uplinkBitsPerSecond = link.meanUplinkBitsPerSecond();
    features.rttMs = link.rttMs;
    features.tcp = link.tcp;
    Pending p{&strategy, strategy.decide(features)};
    p.decideMs = msSince(start);
    return p;
}

// A measurement (perhaps shared) becomes one strategy's row: its name and predictions.
RequestRecord rowFor(const Pending& p, RequestRecord measured) {
    measured.strategy = p.strategy->id();
    measured.algorithm = p.strategy->algorithm();
    measured.time_local_pieslicer = p.decideMs;
    measured.expected_time_local_prep = p.decision.predictedDeviceMs;
    measured.expected_time_remote_prep = p.decision.predictedCloudMs;
    measured.preexecution_time_estimate = p.decision.predictedChosenMs();
    measured.transfer_time_estimate = p.decision.predictedTransferMs;
    measured.bandwidth_estimator = p.decision.bandwidthEstimator;
    measured.estimated_uplink_mbps = p.decision.estimatedUplinkBitsPerSecond / 1e6;
    // The endpoint computed a budget from the estimate sent with the request; in a paired
    // run that was another strategy's estimate, so each row states its own.
    if (measured.ok())
        measured.time_budget =
            measured.sla_target - measured.time_local_preprocess - measured.transfer_time_estimate;
    return measured;
}

// The g() sent with a measurement of `order`: that of a strategy that chose the order
// (several may share the request; any of them is one honest estimate), else 0.
double transferEstimateFor(const std::vector<Pending>& pending, Placement order) {
    for (const Pending& p : pending)
        if (p.decision.placement == order) return p.decision.predictedTransferMs;
    return 0;
}

// One unrecorded request of each order with a small synthetic photo, so that codec and
// thread-pool start-up on both sides, and the first upload, are not charged to whichever
// strategy happens to measure first.
void warmUp(EndpointClient& client, const MeasurementSettings& s) {
    cv::Mat img(480, 640, CV_8UC3);
    cv::randu(img, cv::Scalar::all(0), cv::Scalar::all(255));
    cv::GaussianBlur(img, img, cv::Size(9, 9), 3);  // texture like a photo, not noise
    LoadedImage warm;
    if (!cv::imencode(".jpg", img, warm.bytes, {cv::IMWRITE_JPEG_QUALITY, 90})) return;
    auto info = probeImage(warm.bytes.data(), warm.bytes.size());
    if (!info) return;
    warm.info = info.value();
    for (Placement p : {Placement::Device, Placement::Cloud}) {
        RequestRecord ignored;
        measurePlacement(client, warm, p, 0, s, ignored);
    }
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
    warmUp(cl, config_.measurement);

    RunProgress progress;
    progress.total = files->size() * std::size_t(std::max(1, config_.repeat)) * strategies_.size();
    const auto started = SteadyClock::now();
    std::size_t measuredThisRun = 0;
    // Hands a finished row to the CSV, the result and the caller; false if the CSV failed.
    std::string writeError;
    auto emit = [&](RequestRecord record) {
        if (csv) {
            auto written = csv->append(record);
            if (!written) {
                result.records.push_back(std::move(record));
                writeError = written.error();
                return false;
            }
        }
        ++progress.done;
        ++measuredThisRun;
        progress.elapsedMs = msSince(started);
        progress.etaMs =
            progress.elapsedMs / double(measuredThisRun) * double(progress.total - progress.done);
        result.records.push_back(std::move(record));
        if (onRecord_) onRecord_(result.records.back(), progress);
        return true;
    };
    // Holds while paused; true when the run must end.
    auto mustStop = [&] {
        while (control.pause && !control.stop) sleepMs(20);
        if (control.stop) result.stopped = true;
        return bool(control.stop);
    };

    const std::size_t n = strategies_.size();
    std::size_t round = 0;
    for (const auto& path : files.value()) {
        ImageJob job{path, displayName(path, config_.images)};
        std::optional<Expected<LoadedImage>> loaded;  // read once per image, lazily
        for (int rep = 0; rep < std::max(1, config_.repeat); ++rep, ++round) {
            if (mustStop()) return result;
            LinkShape link =
                control.linkForNextRequest ? control.linkForNextRequest() : config_.link;
            RequestRecord blank = newRecord(job, config_.measurement, link);
            blank.run_tag = config_.runTag;
            blank.repeat = rep;
            blank.ping_time = result.pingMs;
            blank.network_offset = result.clockOffsetMs;

            // Every strategy decides before anything of this image runs. Each round starts
            // one strategy later, so none always goes first (colder caches) or always
            // follows the oracle's two requests.
            std::vector<Pending> pending;
            for (std::size_t k = 0; k < n; ++k) {
                Strategy& strategy = *strategies_[(k + round) % n];
                if (done.count({job.name, strategy.id(), rep})) {
                    ++progress.done;
                    ++result.skippedByResume;
                    continue;
                }
                if (!loaded) loaded = loadImage(path);
                if (!loaded->ok()) {
                    RequestRecord failed = blank;
                    failed.status = "error";
                    failed.error = loaded->error();
                    if (!emit(rowFor(Pending{&strategy, {}}, std::move(failed))))
                        return fail(writeError);
                    continue;
                }
                pending.push_back(decide(strategy, loaded->value(), link));
            }
            if (pending.empty()) continue;
            const LoadedImage& image = loaded->value();
            cl.setLink(link);  // one link per round: every row of the round says this one

            if (config_.independentMeasurements) {
                for (std::size_t i = 0; i < pending.size(); ++i) {
                    if (i > 0 && mustStop()) return result;
                    const Pending& p = pending[i];
                    RequestRecord record;
                    if (p.strategy->measuresBothOrders()) {
                        RequestRecord device = blank, cloud = blank;
                        measurePlacement(cl, image, Placement::Device,
                                         transferEstimateFor({p}, Placement::Device),
                                         config_.measurement, device);
                        measurePlacement(cl, image, Placement::Cloud,
                                         transferEstimateFor({p}, Placement::Cloud),
                                         config_.measurement, cloud);
                        record = faster(device, cloud);
                    } else {
                        record = blank;
                        measurePlacement(cl, image, p.decision.placement,
                                         p.decision.predictedTransferMs, config_.measurement,
                                         record);
                    }
                    record.measurement_id = std::to_string(round) + "/" + p.strategy->id() + "/" +
                                            record.preprocess_location;
                    record = rowFor(p, std::move(record));
                    p.strategy->observe(record);
                    if (!emit(std::move(record))) return fail(writeError);
                }
                continue;
            }

            // Paired: each order that some strategy needs is measured once; the first order
            // alternates between rounds. Rows are written as soon as their order is measured.
            const Placement first = round % 2 == 0 ? Placement::Device : Placement::Cloud;
            const Placement second =
                first == Placement::Device ? Placement::Cloud : Placement::Device;
            std::optional<RequestRecord> measured[2];  // by Placement
            bool anyMeasured = false;
            for (Placement order : {first, second}) {
                const bool needed =
                    std::any_of(pending.begin(), pending.end(), [&](const Pending& p) {
                        return p.strategy->measuresBothOrders() || p.decision.placement == order;
                    });
                if (!needed) continue;
                if (anyMeasured && mustStop()) return result;
                RequestRecord m = blank;
                measurePlacement(cl, image, order, transferEstimateFor(pending, order),
                                 config_.measurement, m);
                m.measurement_id = std::to_string(round) + "/" + locationName(order);
                measured[int(order)] = std::move(m);
                anyMeasured = true;
                for (Pending& p : pending) {
                    if (p.emitted) continue;
                    std::optional<RequestRecord> record;
                    if (!p.strategy->measuresBothOrders()) {
                        if (p.decision.placement == order)
                            record = rowFor(p, *measured[int(order)]);
                    } else if (measured[0] && measured[1]) {
                        record = rowFor(p, faster(*measured[0], *measured[1]));
                    }
                    if (!record) continue;
                    p.strategy->observe(*record);
                    p.emitted = true;
                    if (!emit(std::move(*record))) return fail(writeError);
                }
            }
        }
    }
    return result;
}

}  // namespace pieslicer
