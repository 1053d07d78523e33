#include "run/experiment.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <optional>
#include <set>
#include <tuple>

#include "image/image_files.h"
#include "run/record_csv.h"
#include "run/strategy_rows.h"
#include "server/endpoint_server.h"
#include "server/model_zoo.h"
#include "util/clock.h"

namespace pieslicer {
namespace {

using ItemKey = std::tuple<std::string, std::string, int>;  // image, strategy, repeat

// One strategy's choice for the image of this round, waiting for its measurement.
struct Pending : TimedDecision {
    bool emitted = false;
};

Pending decide(Strategy& strategy, const LoadedImage& image, const LinkShape& link,
               const EmulatedDevice& device, int target) {
    return Pending{decideOn(strategy, image.features(), link,
                            device.chargedProbe(image.contentProbe, image.features(), target))};
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

// The order of a round's two measurements alternates between rounds, so neither order
// always runs first (on a colder path).
std::array<Placement, 2> ordersOf(std::size_t round) {
    if (round % 2 == 0) return {Placement::Device, Placement::Cloud};
    return {Placement::Cloud, Placement::Device};
}

// The images to run, or why there are none.
Expected<std::vector<std::filesystem::path>> imagesOf(const std::filesystem::path& folder) {
    auto files = listImages(folder);
    if (!files) return fail(files.error());
    if (files->empty())
        return fail("no images (jpg, jpeg, png, webp, bmp, tiff) under " + folder.string());
    return files;
}

// Resume: what is already in the CSV (or handed over as measured before) counts as done
// and is part of the result. A last line cut by a crash is dropped first (the next row
// would glue onto it) and its item is measured again.
Expected<std::set<ItemKey>> resumeFrom(const ExperimentConfig& config, RunResult& result,
                                       const std::function<void(const std::string&)>& message) {
    std::set<ItemKey> done;
    std::vector<RequestRecord> previous = config.previousRecords;
    if (config.resume && !config.outCsv.empty() && std::filesystem::exists(config.outCsv)) {
        auto cut = dropCutLastLine(config.outCsv);
        if (!cut) return fail("cannot resume: " + cut.error());
        if (cut->dropped)
            message("resume: dropped a cut last line (" + std::to_string(cut->fields) +
                    " fields of " + std::to_string(cut->headerFields) + ") of " + config.outCsv +
                    (cut->imageName.empty() ? "" : " for " + cut->imageName) +
                    "; that item is measured again");
        auto inCsv = readRecordsCsv(config.outCsv);
        if (!inCsv) return fail("cannot resume: " + inCsv.error());
        previous.insert(previous.end(), std::make_move_iterator(inCsv->begin()),
                        std::make_move_iterator(inCsv->end()));
    }
    for (auto& r : previous) {
        done.insert({r.image_name_orig, r.strategy, r.repeat});
        result.records.push_back(std::move(r));
    }
    return done;
}

// The endpoint a run talks to (its own embedded one unless given), checked with a ping.
struct Connection {
    std::unique_ptr<EndpointServer> embedded;  // declared first: outlives the client
    std::unique_ptr<EndpointClient> client;
};

Expected<Connection> connect(const ExperimentConfig& config, const RunControl& control,
                             RunResult& result,
                             const std::function<void(const std::string&)>& message) {
    Connection c;
    result.endpointUrl = config.endpointUrl;
    std::shared_ptr<ModelZoo> zoo = config.inProcessZoo;
    if (result.endpointUrl.empty()) {
        EndpointConfig ec;
        ec.threads = 2;
        ec.upload.target = config.measurement.preprocess.target;
        const std::string& models = config.measurement.embeddedModels;
        auto opened = zooFromSpec(models);
        if (opened)
            ec.upload.models = zoo = opened.value();
        else if (models == "all" || models.empty())  // a build without python3-onnx
            message("embedded endpoint without inference: " + opened.error());
        else
            return fail("cannot start the embedded endpoint: " + opened.error());
        c.embedded = std::make_unique<EndpointServer>(ec);
        auto port = c.embedded->start();
        if (!port) return fail("cannot start the embedded endpoint: " + port.error());
        result.endpointUrl = c.embedded->url();
        message("embedded endpoint on " + result.endpointUrl);
    }
    if (zoo && config.measurement.route == kModiPickRoute) {
        // Measured before the first request, not inside it (seconds for the larger models).
        message("measuring the inference time of each model of the endpoint's zoo");
        auto timed = zoo->candidates(config.measurement.preprocess.target);
        if (!timed) return fail("cannot measure the model zoo: " + timed.error());
        for (const ModelCandidate& m : timed.value())
            message("  " + m.name + ": " + realFieldText(m.expectedMs) +
                    " ms, published ImageNet top-1 " + realFieldText(m.top1) +
                    "% (the weights here are random)");
    }
    ClientConfig cc;
    cc.endpointUrl = result.endpointUrl;
    cc.bearerToken = config.bearerToken;
    cc.cancel = &control.abandon;
    auto client = EndpointClient::create(cc);
    if (!client) return fail(client.error());
    c.client = std::move(client.value());
    c.client->setLink(config.link);
    // The first ping also opens the connection; the second sees the warm path requests use.
    auto ping = c.client->ping();
    if (!ping) return fail("endpoint " + result.endpointUrl + " is unreachable: " + ping.error());
    if (auto warm = c.client->ping(); warm && warm->rttMs < ping->rttMs) ping = warm;
    result.pingMs = ping->rttMs;
    result.clockOffsetMs = ping->clockOffsetMs;
    warmUp(*c.client, config.measurement);
    return c;
}

// Go on, end the run as stopped (what was measured is kept), or fail (a sink failed).
enum class Flow { Go, Stop, Fail };

// One run after its set-up: the rounds (each image, each repeat), the strategies'
// decisions, the measurements they need, and every finished row to the sinks.
class RunPass {
  public:
    RunPass(const ExperimentConfig& config, const std::vector<std::unique_ptr<Strategy>>& s,
            RunControl& control, RunResult& result, EndpointClient& client)
        : config_(config), strategies_(s), control_(control), result_(result), client_(client) {}

    std::set<ItemKey> done;  // resumed items: skipped
    std::vector<std::shared_ptr<RecordSink>> sinks;
    std::string error;  // of Flow::Fail

    Flow measureAll(const std::vector<std::filesystem::path>& files) {
        progress_.total = files.size() * std::size_t(repeats()) * strategies_.size();
        started_ = SteadyClock::now();
        std::size_t round = 0;
        for (const auto& path : files) {
            ImageJob job{path, displayName(path, config_.images)};
            std::optional<Expected<LoadedImage>> loaded;  // read once per image, lazily
            for (int rep = 0; rep < repeats(); ++rep, ++round)
                if (Flow f = measureRound(job, loaded, rep, round); f != Flow::Go) return f;
        }
        return Flow::Go;
    }

  private:
    int repeats() const { return std::max(1, config_.repeat); }

    // Holds while paused; true when the run must end.
    bool mustStop() {
        while (control_.pause && !control_.stop) sleepMs(20);
        if (control_.stop) result_.stopped = true;
        return bool(control_.stop);
    }

    Flow measureRound(const ImageJob& job, std::optional<Expected<LoadedImage>>& loaded, int rep,
                      std::size_t round) {
        if (mustStop()) return Flow::Stop;
        const LinkShape link =
            control_.linkForNextRequest ? control_.linkForNextRequest() : config_.link;
        RequestRecord blank = newRecord(job, config_.measurement, link);
        blank.run_tag = config_.runTag;
        blank.sweep_cell = config_.sweepCell;
        blank.uplink_name = config_.uplinkName;
        blank.repeat = rep;
        blank.ping_time = result_.pingMs;
        blank.network_offset = result_.clockOffsetMs;
        std::vector<Pending> pending;
        if (Flow f = decideAll(job, loaded, link, blank, round, pending); f != Flow::Go) return f;
        if (pending.empty()) return Flow::Go;
        client_.setLink(link);  // one link per round: every row of the round says this one
        const LoadedImage& image = loaded->value();
        return config_.independentMeasurements ? measureIndependent(pending, image, blank, round)
                                               : measurePaired(pending, image, blank, round);
    }

    // Every strategy decides before anything of this image runs. Each round starts one
    // strategy later, so none always goes first (colder caches) or always follows the
    // oracle's two requests. An image that cannot be read is an error row per strategy.
    Flow decideAll(const ImageJob& job, std::optional<Expected<LoadedImage>>& loaded,
                   const LinkShape& link, const RequestRecord& blank, std::size_t round,
                   std::vector<Pending>& pending) {
        const std::size_t n = strategies_.size();
        for (std::size_t k = 0; k < n; ++k) {
            Strategy& strategy = *strategies_[(k + round) % n];
            if (done.count({job.name, strategy.id(), blank.repeat})) {
                ++progress_.done;
                ++result_.skippedByResume;
                continue;
            }
            if (!loaded) loaded = loadImage(job.path, config_.measurement.device.stageRuns());
            if (!loaded->ok()) {
                RequestRecord failed = blank;
                failed.status = "error";
                failed.error = loaded->error();
                if (!emit(strategyRow(TimedDecision{&strategy, {}}, std::move(failed))))
                    return Flow::Fail;
                continue;
            }
            pending.push_back(decide(strategy, loaded->value(), link, config_.measurement.device,
                                     config_.measurement.preprocess.target));
        }
        return Flow::Go;
    }

    // Independent: every strategy's request is its own (the oracle's two).
    Flow measureIndependent(const std::vector<Pending>& pending, const LoadedImage& image,
                            const RequestRecord& blank, std::size_t round) {
        for (std::size_t i = 0; i < pending.size(); ++i) {
            if (i > 0 && mustStop()) return Flow::Stop;
            const Pending& p = pending[i];
            RequestRecord record = blank;
            if (p.strategy->measuresBothOrders()) {
                RequestRecord byOrder[2] = {blank, blank};
                for (Placement order : {Placement::Device, Placement::Cloud})
                    if (!measure(image, order, transferEstimateFor({p}, order),
                                 byOrder[int(order)]))
                        return Flow::Stop;
                record = fasterOrder(byOrder[0], byOrder[1]);
            } else if (!measure(image, p.decision.placement, p.decision.predictedTransferMs,
                                record)) {
                return Flow::Stop;
            }
            record.measurement_id =
                std::to_string(round) + "/" + p.strategy->id() + "/" + record.preprocess_location;
            if (!finish(p, std::move(record))) return Flow::Fail;
        }
        return Flow::Go;
    }

    // Paired: each order that some strategy needs is measured once and shared by the
    // strategies that chose it; rows are written as soon as their order is measured.
    Flow measurePaired(std::vector<Pending>& pending, const LoadedImage& image,
                       const RequestRecord& blank, std::size_t round) {
        std::optional<RequestRecord> measured[2];  // by Placement
        bool anyMeasured = false;
        for (Placement order : ordersOf(round)) {
            const bool needed = std::any_of(pending.begin(), pending.end(), [&](const Pending& p) {
                return p.strategy->measuresBothOrders() || p.decision.placement == order;
            });
            if (!needed) continue;
            if (anyMeasured && mustStop()) return Flow::Stop;
            RequestRecord m = blank;
            if (!measure(image, order, transferEstimateFor(pending, order), m)) return Flow::Stop;
            m.measurement_id = std::to_string(round) + "/" + locationName(order);
            measured[int(order)] = std::move(m);
            anyMeasured = true;
            for (Pending& p : pending) {
                if (p.emitted) continue;
                std::optional<RequestRecord> record;
                if (!p.strategy->measuresBothOrders()) {
                    if (p.decision.placement == order) record = *measured[int(order)];
                } else if (measured[0] && measured[1]) {
                    record = fasterOrder(*measured[0], *measured[1]);
                }
                if (!record) continue;
                p.emitted = true;
                if (!finish(p, std::move(*record))) return Flow::Fail;
            }
        }
        return Flow::Go;
    }

    // False when the request was abandoned (RunControl::abandon): the run ends and the
    // half-measured item is not written, so a resume measures it again.
    bool measure(const LoadedImage& image, Placement order, double estimateMs, RequestRecord& r) {
        measurePlacement(client_, image, order, estimateMs, config_.measurement, r);
        if (!control_.abandon) return true;
        result_.stopped = true;
        return false;
    }

    // A measurement becomes the strategy's row; the strategy learns from it.
    bool finish(const Pending& p, RequestRecord measured) {
        RequestRecord row = strategyRow(p, std::move(measured));
        p.strategy->observe(row);
        return emit(std::move(row));
    }

    // Hands a finished row to the result and every sink; false (with `error`) if one failed.
    bool emit(RequestRecord record) {
        ++progress_.done;
        ++measuredThisRun_;
        progress_.elapsedMs = msSince(started_);
        progress_.etaMs = progress_.elapsedMs / double(measuredThisRun_) *
                          double(progress_.total - progress_.done);
        result_.records.push_back(std::move(record));
        for (const auto& sink : sinks) {
            auto put = sink->put(result_.records.back(), progress_);
            if (!put) {
                error = put.error();
                return false;
            }
        }
        return true;
    }

    const ExperimentConfig& config_;
    const std::vector<std::unique_ptr<Strategy>>& strategies_;
    RunControl& control_;
    RunResult& result_;
    EndpointClient& client_;
    RunProgress progress_;
    SteadyClock::time_point started_;
    std::size_t measuredThisRun_ = 0;
};

}  // namespace

ExperimentRunner::ExperimentRunner(ExperimentConfig config,
                                   std::vector<std::unique_ptr<Strategy>> strategies)
    : config_(std::move(config)), strategies_(std::move(strategies)) {}

Expected<RunResult> ExperimentRunner::run(RunControl& control) {
    if (strategies_.empty()) return fail("no strategy selected");
    auto files = imagesOf(config_.images);
    if (!files) return fail(files.error());
    RunResult result;
    auto done = resumeFrom(config_, result, [this](const std::string& m) { message(m); });
    if (!done) return fail(done.error());
    std::vector<std::shared_ptr<RecordSink>> sinks;
    if (!config_.outCsv.empty()) {
        auto csv = CsvRecordSink::open(config_.outCsv);
        if (!csv) return fail(csv.error());
        sinks.push_back(std::move(csv.value()));
    }
    if (!config_.outSqlite.empty()) {
        auto db = SqliteRecordSink::open(config_.outSqlite);
        if (!db) return fail(db.error());
        sinks.push_back(std::move(db.value()));
    }
    sinks.insert(sinks.end(), sinks_.begin(), sinks_.end());
    auto connection =
        connect(config_, control, result, [this](const std::string& m) { message(m); });
    if (!connection) return fail(connection.error());

    RunPass pass(config_, strategies_, control, result, *connection->client);
    pass.done = std::move(done.value());
    pass.sinks = std::move(sinks);
    if (pass.measureAll(files.value()) == Flow::Fail) return fail(pass.error);
    return result;
}

}  // namespace pieslicer
