#include "server/upload_handler.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <optional>
#include <vector>

#include "domain/model_input.h"
#include "domain/placement.h"
#include "image/jpeg_scans.h"
#include "image/preprocess.h"
#include "server/inference_pool.h"
#include "server/model_selection.h"
#include "server/model_zoo.h"
#include "util/clock.h"

namespace pieslicer {

const char* const kPrototypeResponseKeys[17] = {"routing_time",
                                                "save_time",
                                                "network_time",
                                                "transfer_time",
                                                "server_prep_time",
                                                "pieslicer_time",
                                                "load_time",
                                                "general_resize_time",
                                                "specific_resize_time",
                                                "convert_time",
                                                "inference_time",
                                                "post_network_time",
                                                "model",
                                                "accuracy",
                                                "time_budget",
                                                "result",
                                                "total_time"};

namespace {

// Largest value any time field may hold: a day in ms. Larger is a client bug.
constexpr double kMaxFieldMs = 86400e3;

struct FieldError {
    std::string message;
};

// A required, finite, non-negative number of ms, or a message naming the field.
std::optional<double> numberField(const UploadRequest& req, const char* name, std::string& error) {
    const auto it = req.fields.find(name);
    if (it == req.fields.end()) {
        error = std::string("missing form field '") + name + "'";
        return std::nullopt;
    }
    const std::string& text = it->second;
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(text.c_str(), &end);
    const bool whole = !text.empty() && end == text.c_str() + text.size();
    if (!whole || errno == ERANGE || !std::isfinite(v) || v < 0 || v > kMaxFieldMs) {
        error =
            std::string("form field '") + name + "' must be a number of ms between 0 and 86400000";
        return std::nullopt;
    }
    return v;
}

// The form's numbers and the preprocessing it asks for.
struct FormFields {
    double slaMs = 0, devicePrepMs = 0, estimatedTransferMs = 0;
    PreprocessOptions options;
};

// The form's fields, or the 400 that says which is wrong.
std::optional<Reply> readForm(const UploadRequest& req, const UploadSettings& settings,
                              FormFields& form) {
    std::string fieldError;
    const auto sla = numberField(req, "t_sla", fieldError);
    if (!sla) return errorReply(400, fieldError);
    const auto devicePrep = numberField(req, "t_device_prep", fieldError);
    if (!devicePrep) return errorReply(400, fieldError);
    const auto estTransfer = numberField(req, "estimated_transfer_time", fieldError);
    if (!estTransfer) return errorReply(400, fieldError);
    if (!req.hasFile) return errorReply(400, "missing form field 'file'");
    if (req.file.empty()) return errorReply(400, "form field 'file' is empty");
    form = {*sla, *devicePrep, *estTransfer, {}};
    form.options.target = settings.target;
    form.options.limits = settings.limits;
    if (auto t = req.fields.find("target"); t != req.fields.end()) {
        const int v = std::atoi(t->second.c_str());
        if (!isModelInputSide(v))
            return errorReply(400,
                              std::string("form field 'target' must be ") + kModelInputSidesText);
        form.options.target = v;
    }
    return std::nullopt;
}

// The allowlist and the limits, checked on the header alone before any decoder runs:
// the 415 or 413 that refuses the file, if any.
std::optional<Reply> checkHeader(const UploadRequest& req, const UploadSettings& settings,
                                 ImageInfo& info) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(req.file.data());
    const auto probed = probeImage(bytes, req.file.size());
    if (!probed) return errorReply(415, probed.error());
    const ImageFormat f = probed->format;
    if (f != ImageFormat::Jpeg && f != ImageFormat::Png && f != ImageFormat::WebP)
        return errorReply(415,
                          "format " + formatName(f) + " not accepted (JPEG, PNG or WebP only)");
    if (auto limited = checkLimits(probed.value(), settings.limits); !limited)
        return errorReply(413, limited.error());
    const int maxScans = settings.limits.maxJpegScans;
    if (f == ImageFormat::Jpeg && countJpegScans(bytes, req.file.size(), maxScans) > maxScans)
        return errorReply(422, "JPEG has more than " + std::to_string(maxScans) +
                                   " scans; refused before decoding");
    info = probed.value();
    return std::nullopt;
}

// The model that ran, and what it said.
struct Inference {
    double ms = 0;
    std::string result = "none", model = "none", weights = "none";
    double top1 = 0;          // published ImageNet top-1 of the model, %; 0 unknown
    float score = 0;          // the top-1 class's softmax output
    int side = 0;             // input side the model ran at
    double expectedMs = 0;    // what selection expected it to take
    bool fitsBudget = false;  // its expected time was within the time budget
};

// The model for this request: the zoo's fixed one on /pieslicer, the most accurate that fits
// `budgetMs` on /modipick. Fills everything of `out` but the forward pass; the index, or
// the 500 when measuring a model failed.
Expected<std::size_t> chooseModel(ModelZoo& zoo, const std::string& route, double budgetMs,
                                  int target, Inference& out) {
    std::size_t index = zoo.fixedIndex();
    if (route == kModiPickRoute) {
        auto candidates = zoo.candidates(target);
        if (!candidates) return fail(candidates.error());
        const ModelPick pick = pickModel(candidates.value(), budgetMs);
        index = pick.index;
        out.expectedMs = candidates->at(index).expectedMs;
        out.fitsBudget = pick.fits;
    } else {
        auto expected = zoo.expectedMs(index, target);
        if (!expected) return fail(expected.error());
        out.expectedMs = expected.value();
        out.fitsBudget = out.expectedMs <= budgetMs;
    }
    const ZooModel& m = zoo.model(index);
    out.model = m.name;
    out.weights = m.weights;
    out.top1 = m.top1;
    out.side = m.side > 0 ? m.side : target;
    return index;
}

// Runs model `index` on the tensor; the 500 when it fails.
std::optional<Reply> infer(ModelZoo& zoo, std::size_t index, const cv::Mat& tensor,
                           Inference& out) {
    auto pool = zoo.pool(index);
    if (!pool) return errorReply(500, pool.error());
    auto inferred = pool.value()->run(tensor);
    if (!inferred) return errorReply(500, inferred.error());
    out.ms = inferred->ms;
    out.result = inferred->label;
    out.score = inferred->score;
    return std::nullopt;
}

// Tensor memory reused across requests: a fresh 1.3 MB tensor's page faults cost more than
// the conversion. A small pool, not thread-local buffers, because the handler ran on a new
// thread per connection when this was measured and may again be called from any thread. A
// network copies its input in setInput, so nothing holds a buffer once its request is done.
class TensorLease {
  public:
    TensorLease() {
        std::lock_guard<std::mutex> lock(mutex());
        if (!idle().empty()) {
            buffers_ = std::move(idle().back());
            idle().pop_back();
        } else {
            buffers_ = std::make_unique<TensorBuffers>();
        }
    }
    ~TensorLease() {
        std::lock_guard<std::mutex> lock(mutex());
        if (idle().size() < kKept) idle().push_back(std::move(buffers_));
    }
    TensorLease(const TensorLease&) = delete;
    TensorLease& operator=(const TensorLease&) = delete;
    TensorBuffers& operator*() const { return *buffers_; }

  private:
    static constexpr std::size_t kKept = 16;  // a few MB at most
    static std::mutex& mutex() {
        static std::mutex m;
        return m;
    }
    static std::vector<std::unique_ptr<TensorBuffers>>& idle() {
        static std::vector<std::unique_ptr<TensorBuffers>> buffers;
        return buffers;
    }
    std::unique_ptr<TensorBuffers> buffers_;
};

// What the handler measured of one upload, for the reply.
struct HandlerTimes {
    double startUnixMs = 0;
    double routingMs = 0;
    double pieslicerMs = 0;
    double timeBudgetMs = 0;
    double postNetworkMs = 0;
};

Reply replyFor(const UploadRequest& req, const FormFields& form, const ImageInfo& probed,
               const CloudPrepResult& prep, const Inference& inference, const HandlerTimes& h) {
    const auto& t = prep.timings;
    const double networkMs = std::max(0.0, req.lastByteUnixMs - req.requestUnixMs);
    // An upload already at the model's size was preprocessed on the device.
    const bool preprocessed = probed.format == ImageFormat::Jpeg &&
                              probed.width == form.options.target &&
                              probed.height == form.options.target;
    Reply reply;
    reply.body = {
        {"routing_time", h.routingMs},
        {"save_time", 0.0},  // uploads are never written to disk
        {"network_time", networkMs},
        {"transfer_time", std::max(0.0, req.lastByteUnixMs - req.firstByteUnixMs)},
        {"server_prep_time", t.decodeMs + t.resizeMs + prep.convertMs},
        {"pieslicer_time", h.pieslicerMs},
        {"load_time", t.decodeMs},
        {"general_resize_time", 0.0},  // folded into load_time by DCT-domain decoding
        {"specific_resize_time", t.resizeMs},
        {"convert_time", prep.convertMs},
        {"inference_time", inference.ms},
        {"post_network_time", h.postNetworkMs},
        {"model", inference.model},
        {"accuracy", inference.top1},  // the model's published ImageNet top-1, %
        {"time_budget", h.timeBudgetMs},
        {"result", inference.result},
        {"total_time", networkMs + h.postNetworkMs},
        // Ours, beyond the prototype's keys.
        {"upload_placement", locationName(preprocessed ? Placement::Device : Placement::Cloud)},
        {"format", formatName(probed.format)},
        {"orig_width", probed.width},
        {"orig_height", probed.height},
        {"decoded_width", t.decodedWidth},
        {"decoded_height", t.decodedHeight},
        {"decode_scale", t.scale},
        {"target", form.options.target},
        {"file_bytes", req.file.size()},
        {"bytes_received", req.bodyBytes},
        {"probe_time", t.probeMs},
        {"server_request_unix_ms", req.requestUnixMs},
        {"server_first_byte_unix_ms", req.firstByteUnixMs},
        {"server_last_byte_unix_ms", req.lastByteUnixMs},
        {"server_handler_unix_ms", h.startUnixMs},
        {"route", req.route},
        {"model_weights", inference.weights},  // "random": compute real, labels not
        {"model_input", inference.side},
        {"model_expected_time", inference.expectedMs},
        {"model_fits_budget", inference.fitsBudget},
        {"score", inference.score},
    };
    return reply;
}

// The reply that ends the work early, if the client left or the budget is spent.
std::optional<Reply> stopEarly(const UploadRequest& req, const UploadSettings& settings,
                               double cpuStartMs) {
    if (req.abandoned && req.abandoned())
        return errorReply(499, "client closed the connection; work abandoned");
    if (threadCpuMs() - cpuStartMs > settings.cpuBudgetMs)
        return errorReply(422, "the upload exceeded the CPU budget of " +
                                   std::to_string(int(settings.cpuBudgetMs)) + " ms; abandoned");
    return std::nullopt;
}

}  // namespace

Reply errorReply(int status, const std::string& message) {
    return Reply{status, nlohmann::json{{"error", message}, {"status", status}}};
}

Reply handleUpload(const UploadRequest& req, const UploadSettings& settings) {
    const auto handlerStart = SteadyClock::now();
    const double cpuStartMs = threadCpuMs();
    HandlerTimes times;
    times.startUnixMs = unixMs();
    FormFields form;
    if (auto refused = readForm(req, settings, form)) return *refused;
    ImageInfo probed;
    if (auto refused = checkHeader(req, settings, probed)) return *refused;
    times.routingMs = msSince(handlerStart);

    if (auto stopped = stopEarly(req, settings, cpuStartMs)) return *stopped;
    const auto* bytes = reinterpret_cast<const uint8_t*>(req.file.data());
    const TensorLease buffers;  // declared before prep: given back after prep lets go of it
    CloudPrepResult prep;
    auto resized = decodeAndResize(bytes, req.file.size(), form.options, prep.info, prep.timings);
    if (!resized) return errorReply(422, resized.error());
    if (auto stopped = stopEarly(req, settings, cpuStartMs)) return *stopped;

    // What is left of the SLA once the image is decoded decides the model (/modipick).
    const auto pieslicerStart = SteadyClock::now();
    times.timeBudgetMs = timeBudgetMs(form.slaMs, form.devicePrepMs, form.estimatedTransferMs,
                                      msSince(handlerStart));
    Inference inference;
    std::optional<std::size_t> model;
    if (settings.models) {
        auto chosen = chooseModel(*settings.models, req.route, times.timeBudgetMs,
                                  form.options.target, inference);
        if (!chosen) return errorReply(500, chosen.error());
        model = chosen.value();
    }
    times.pieslicerMs = msSince(pieslicerStart);

    finishInCloud(resized.value(), inference.side, prep, *buffers);
    if (model)
        if (auto failed = infer(*settings.models, *model, prep.tensor, inference)) return *failed;
    times.postNetworkMs = msSince(handlerStart);
    return replyFor(req, form, probed, prep, inference, times);
}

}  // namespace pieslicer
