#pragma once
// One measured request: the prototype's `inference_results` row (same column names,
// so researchers' notebooks keep working) plus our own stage timings and status.
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "domain/image_features.h"
#include "domain/placement.h"

namespace pieslicer {

struct RequestRecord {
    // Identity of the measurement.
    std::string timestamp;  // ISO 8601, UTC
    std::string run_tag;
    // Empty for a measurement; "replayed from <file> at <link>" for a record re-timed by
    // run/replay.h from other measurements: what was not measured must say so.
    std::string provenance;
    // A sweep's cell (run/sweep_grid.h), e.g. "uplink=2mbit rtt=40ms device=this machine
    // tcp=ideal"; empty outside sweeps. Resuming a sweep skips what its cell already has.
    std::string sweep_cell;
    // Rows with the same id report the same requests: strategies that chose the same order
    // for an image share its measurement (paired design). "<round>/local", "<round>/remote".
    std::string measurement_id;
    std::string algorithm;  // "static local", "static remote", "dynamic", ...
    std::string strategy;   // our strategy id, e.g. "pieslicer"
    int repeat = 0;
    std::string image_name_orig;  // sanitised path relative to the image folder
    std::string image_name_sent;
    std::string format;
    double orig_size = 0;    // bytes
    double sent_size = 0;    // bytes of the uploaded file
    std::string image_dims;  // "WxH"
    int orig_dims_x = 0;
    int orig_dims_y = 0;
    double orig_quant_step = 0;  // JPEG's mean luma quantisation step; 0 for other formats
    int orig_progressive = 0;    // 1 for a progressive JPEG or interlaced PNG: f depends on it
    int orig_alpha = 0;          // 1 for a file with an alpha channel (ImageFeatures::alpha)
    // The content probe's answer (ImageFeatures::detail, detailGrowth): a replay re-decides
    // with the same features the run decided with. 0 / 1: not probed.
    double orig_detail = 0;
    double orig_detail_growth = 1;
    // Setting.
    int target = 331;
    int quality = 90;
    std::string uplink_name;  // the uplink as a sweep named it: "2mbit", "campus-wifi", a trace
    double uplink_mbps = 0;   // the configured rate (a trace's mean when a trace drives the link)
    double rtt_ms = 0;
    std::string tcp_model = "ideal";  // "ideal" or "linux": how the link's sender was modelled
    int warm_connection = 0;          // 1: TCP's window kept across uploads
    std::string uplink_trace;         // the delivery trace's file name, empty for a fixed rate
    std::string device = "this machine";
    double device_slowdown = 1;  // k of a scaled device, 1 otherwise
    // "this-machine", "scaled" (this machine's work x k) or "paper-model" (charged the
    // paper's f of the phone for the image, plus a residual).
    std::string device_mode = "this-machine";
    std::string profile_device;  // the device the deciding profile's f describes
    double sla_target = 0;
    // Decision.
    std::string preprocess_location;        // "local" or "remote": what was done
    std::string preprocess_location_real;   // what the endpoint saw arrive
    double expected_time_local_prep = 0;    // predicted on-device order total
    double expected_time_remote_prep = 0;   // predicted in-cloud order total
    double preexecution_time_estimate = 0;  // predicted total of the chosen order
    double transfer_time_estimate = 0;
    double time_local_pieslicer = 0;  // ms spent deciding
    double ping_time = 0;
    double network_offset = 0;
    // Device side.
    double time_local_read = 0;
    double time_local_preprocess_check = 0;  // header probe and content probe, on this machine
    // What the content probe cost the device (scaled by k on an emulated phone), charged to a
    // strategy that decided on it and counted in its preexecution_time and time_total; 0 for
    // one that did not (image/content_probe.h, strategy/content_probe_policy.h).
    double time_local_content_probe = 0;
    double time_local_preprocess_load = 0;  // decode incl. DCT downscale
    double time_local_preprocess_resize = 0;
    double time_local_preprocess_save = 0;  // JPEG encode
    double time_local_preprocess = 0;  // on-device preprocessing total (as charged if emulated)
    double time_local_preprocess_host = 0;  // what those stages took on this machine
    int decode_scale = 1;
    double time_local_remote = 0;   // client wall time of the request
    double transfer_time_real = 0;  // time_local_remote - time_remote_post_network
    double curl_connect = 0;
    int new_connection = 0;  // 1: this request opened its connection (paid the handshake)
    double curl_pretransfer = 0;
    double curl_starttransfer = 0;
    double bytes_sent = 0;  // on the wire: request line, headers, body
    double server_last_byte_after =
        0;  // last body byte at the server, ms after the request started
    // The instrument checking itself: when the link model says the last byte should have
    // arrived, and how far the measured arrival was from it (a starved CPU shows here).
    double link_modelled_ms = 0;
    double link_error_pct = 0;
    double link_rate_mbps = 0;         // the uplink's true rate during the upload (a trace's, then)
    std::string bandwidth_estimator;   // the deciding strategy's estimator, empty if none
    double estimated_uplink_mbps = 0;  // the uplink rate that strategy's prediction used
    // Endpoint side (its JSON, prefixed as in the prototype).
    double time_remote_routing = 0;
    double time_remote_save = 0;
    double time_remote_network = 0;
    double time_remote_transfer = 0;
    double time_remote_pieslicer = 0;
    double time_remote_load = 0;
    double time_remote_general_resize = 0;
    double time_remote_specific_resize = 0;
    double time_remote_convert = 0;
    double time_remote_post_network = 0;
    double time_remote_inference = 0;
    double time_remote_total = 0;
    double time_budget = 0;
    std::string model_name;
    double model_accuracy = 0;  // the model's published ImageNet top-1, %; 0 unknown
    // "random": the zoo's real architectures with seeded random weights (inference time
    // real, inference_result meaningless); "file": a --model file's own weights.
    std::string model_weights;
    std::string inference_result;
    // Outcome.
    double preexecution_time =
        0;  // time_local_preprocess + time_local_remote - time_remote_inference
    // The oracle's rows: the measured pre-execution time of the order it did not keep (the
    // slower one), so a reader can tell a near-tie from a decisive image; 0: not measured.
    double preexecution_time_other = 0;
    double time_total = 0;  // device preprocessing + request
    int http_status = 0;
    int attempts = 0;           // requests sent for this measurement (retries included)
    std::string status = "ok";  // "ok" or "error"
    std::string error;

    bool ok() const { return status == "ok"; }
    // preprocess_location as a Placement; nothing when it names neither.
    std::optional<Placement> placement() const { return parseLocation(preprocess_location); }
};

// Column table: name and member, in CSV order. Drives the CSV writer and reader.
using RecordField =
    std::variant<std::string RequestRecord::*, double RequestRecord::*, int RequestRecord::*>;
struct RecordColumn {
    const char* name;
    RecordField field;
};
const std::vector<RecordColumn>& recordColumns();

// Records grouped by strategy (the algorithm label for rows without one), in order of
// first appearance.
using StrategyGroups = std::vector<std::pair<std::string, std::vector<const RequestRecord*>>>;
StrategyGroups groupByStrategy(const std::vector<RequestRecord>& records);

// How a real column is written: 3 decimals, trailing zeros trimmed ("12.5", "3").
std::string realFieldText(double v);
std::string fieldText(const RequestRecord& r, const RecordField& f);
// Sets a field from text; false if a number does not parse.
bool setFieldText(RequestRecord& r, const RecordField& f, const std::string& text);

// What a strategy knew of the record's image before deciding: its header and the content
// probe's answer (the link is not set).
ImageFeatures featuresOfRecord(const RequestRecord& record);

}  // namespace pieslicer
