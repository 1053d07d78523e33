#pragma once
// A study's records made up for the bench_ui_* harnesses: three strategies (two statics
// and pieslicer) per image, log-normal file sizes, a link change every 200 images.
#include <algorithm>
#include <random>
#include <string>

#include "domain/request_record.h"

namespace pieslicer::bench {

inline RequestRecord fakeRecord(int i, std::mt19937& rng) {
    static const char* strategies[] = {"static-device", "static-cloud", "pieslicer"};
    std::lognormal_distribution<double> size(13.0, 1.2);  // bytes, median ~440 KB
    std::normal_distribution<double> noise(1.0, 0.15);
    RequestRecord r;
    r.strategy = strategies[i % 3];
    r.algorithm = r.strategy;
    r.image_name_orig = "image_" + std::to_string(i / 3) + ".jpg";
    r.orig_size = std::min(2e7, size(rng));
    const bool device =
        r.strategy == "static-device" || (r.strategy == "pieslicer" && r.orig_size > 3e5);
    r.preprocess_location = device ? "local" : "remote";
    r.sent_size = device ? 60000 : r.orig_size;
    r.uplink_mbps = (i / 600) % 2 ? 8 : 40;  // a link change every 200 images
    const double mb = r.orig_size / 1e6;
    r.time_local_preprocess = device ? (10 + 9 * mb) * noise(rng) : 0;
    r.transfer_time_real = (40 + r.sent_size * 8 / (r.uplink_mbps * 1e6) * 1000) * noise(rng);
    r.time_remote_load = (2 + (device ? 0.1 : 6 * mb)) * noise(rng);
    r.time_remote_inference = 0;
    r.preexecution_time = r.time_local_preprocess + r.transfer_time_real + r.time_remote_load;
    r.preexecution_time_estimate = r.preexecution_time * noise(rng);
    return r;
}

}  // namespace pieslicer::bench
