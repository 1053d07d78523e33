#include "server/upload_handler.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <optional>

#include "domain/model_input.h"
#include "domain/placement.h"
#include "image/jpeg_scans.h"
#include "image/preprocess.h"
#include "server/inference_pool.h"
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

struct Inference {
    double ms = 0;
    std::string result = "none", model = "none";
    float accuracy = 0;
};

// Classifies the tensor when the server has a model; the 500 when it fails.
std::optional<Reply> infer(const UploadSettings& settings, const cv::Mat& tensor, Inference& out) {
    if (!settings.inference) return std::nullopt;
    auto inferred = settings.inference->run(tensor);
    if (!inferred) return errorReply(500, inferred.error());
    out.ms = inferred->ms;
    out.result = inferred->label;
    out.accuracy = inferred->score;
    out.model = settings.inference->modelName();
    return std::nullopt;
}

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
        {"accuracy", inference.accuracy},
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
    };
    return reply;
}

// CPU time this thread has used, in ms: what a decode bomb costs, whatever else runs.
double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
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
    const auto pieslicerStart = SteadyClock::now();
    times.timeBudgetMs = form.slaMs - form.devicePrepMs - form.estimatedTransferMs;
    times.pieslicerMs = msSince(pieslicerStart);

    if (auto stopped = stopEarly(req, settings, cpuStartMs)) return *stopped;
    const auto* bytes = reinterpret_cast<const uint8_t*>(req.file.data());
    auto prep = preprocessInCloud(bytes, req.file.size(), form.options);
    if (!prep) return errorReply(422, prep.error());
    if (auto stopped = stopEarly(req, settings, cpuStartMs)) return *stopped;
    Inference inference;
    if (auto failed = infer(settings, prep->tensor, inference)) return *failed;
    times.postNetworkMs = msSince(handlerStart);
    return replyFor(req, form, probed, prep.value(), inference, times);
}

}  // namespace pieslicer
