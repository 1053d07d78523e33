#include "domain/request_record.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <map>

namespace pieslicer {

#define COL(name) \
    RecordColumn { #name, &RequestRecord::name }

namespace {

// The table is data, not a function: constant-initialised, so no order-of-initialisation
// question for callers during start-up.
constexpr RecordColumn kColumns[] = {
    COL(timestamp),
    COL(run_tag),
    COL(provenance),
    COL(sweep_cell),
    COL(measurement_id),
    COL(algorithm),
    COL(strategy),
    COL(repeat),
    COL(image_name_orig),
    COL(image_name_sent),
    COL(format),
    COL(orig_size),
    COL(sent_size),
    COL(image_dims),
    COL(orig_dims_x),
    COL(orig_dims_y),
    COL(orig_quant_step),
    COL(orig_progressive),
    COL(orig_alpha),
    COL(orig_detail),
    COL(orig_detail_growth),
    COL(target),
    COL(quality),
    COL(uplink_name),
    COL(uplink_mbps),
    COL(rtt_ms),
    COL(tcp_model),
    COL(warm_connection),
    COL(uplink_trace),
    COL(device),
    COL(device_slowdown),
    COL(device_mode),
    COL(profile_device),
    COL(sla_target),
    COL(preprocess_location),
    COL(preprocess_location_real),
    COL(expected_time_local_prep),
    COL(expected_time_remote_prep),
    COL(preexecution_time_estimate),
    COL(transfer_time_estimate),
    COL(time_local_pieslicer),
    COL(ping_time),
    COL(network_offset),
    COL(time_local_read),
    COL(time_local_preprocess_check),
    COL(time_local_content_probe),
    COL(time_local_preprocess_load),
    COL(time_local_preprocess_resize),
    COL(time_local_preprocess_save),
    COL(time_local_preprocess),
    COL(time_local_preprocess_host),
    COL(decode_scale),
    COL(time_local_remote),
    COL(transfer_time_real),
    COL(curl_connect),
    COL(new_connection),
    COL(curl_pretransfer),
    COL(curl_starttransfer),
    COL(bytes_sent),
    COL(server_last_byte_after),
    COL(link_modelled_ms),
    COL(link_error_pct),
    COL(link_rate_mbps),
    COL(bandwidth_estimator),
    COL(estimated_uplink_mbps),
    COL(time_remote_routing),
    COL(time_remote_save),
    COL(time_remote_network),
    COL(time_remote_transfer),
    COL(time_remote_pieslicer),
    COL(time_remote_load),
    COL(time_remote_general_resize),
    COL(time_remote_specific_resize),
    COL(time_remote_convert),
    COL(time_remote_post_network),
    COL(time_remote_inference),
    COL(time_remote_total),
    COL(time_budget),
    COL(model_name),
    COL(model_accuracy),
    COL(model_weights),
    COL(inference_result),
    COL(preexecution_time),
    COL(preexecution_time_other),
    COL(time_total),
    COL(http_status),
    COL(attempts),
    COL(status),
    COL(error),
};

}  // namespace

#undef COL

const std::vector<RecordColumn>& recordColumns() {
    static const std::vector<RecordColumn> columns(std::begin(kColumns), std::end(kColumns));
    return columns;
}

std::string fieldText(const RequestRecord& r, const RecordField& f) {
    if (auto s = std::get_if<std::string RequestRecord::*>(&f)) return r.**s;
    if (auto i = std::get_if<int RequestRecord::*>(&f)) return std::to_string(r.**i);
    return realFieldText(r.*std::get<double RequestRecord::*>(f));
}

std::string realFieldText(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    // Trim trailing zeros: "12.500" -> "12.5", "3.000" -> "3".
    std::string s(buf);
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    return s;
}

bool setFieldText(RequestRecord& r, const RecordField& f, const std::string& text) {
    if (auto s = std::get_if<std::string RequestRecord::*>(&f)) {
        r.** s = text;
        return true;
    }
    char* end = nullptr;
    if (auto i = std::get_if<int RequestRecord::*>(&f)) {
        const long v = std::strtol(text.c_str(), &end, 10);
        if (end == text.c_str()) return text.empty();
        r.** i = int(v);
        return true;
    }
    const double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || !std::isfinite(v)) return text.empty();
    r.*std::get<double RequestRecord::*>(f) = v;
    return true;
}

StrategyGroups groupByStrategy(const std::vector<RequestRecord>& records) {
    StrategyGroups groups;
    std::map<std::string, std::size_t> index;
    for (const auto& r : records) {
        const std::string key = r.strategy.empty() ? r.algorithm : r.strategy;
        const auto [it, added] = index.emplace(key, groups.size());
        if (added) groups.push_back({key, {}});
        groups[it->second].second.push_back(&r);
    }
    return groups;
}

ImageFeatures featuresOfRecord(const RequestRecord& r) {
    ImageFeatures f;
    f.bytes = r.orig_size;
    f.width = r.orig_dims_x;
    f.height = r.orig_dims_y;
    f.format = parseFormatName(r.format).value_or(ImageFormat::Jpeg);
    f.progressive = r.orig_progressive != 0;
    f.alpha = r.orig_alpha != 0;
    f.quantStep = r.orig_quant_step;
    f.detail = r.orig_detail;
    f.detailGrowth = r.orig_detail_growth;
    return f;
}

}  // namespace pieslicer
