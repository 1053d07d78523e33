// libFuzzer target: the header probe and the decode wrapper on untrusted bytes.
//   probeImage -> (limits) -> preprocessOnDevice / preprocessInCloud at 224 x 224.
// Checks: a successful probe reports a positive size; a successful on-device preprocess
// gives a JPEG that probes (and decodes) as 224 x 224; a successful cloud preprocess gives
// a 1x3x224x224 float tensor. Any sanitizer report, leak, timeout or OOM is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <opencv2/core.hpp>
#include <opencv2/core/utility.hpp>

#include "image/image_probe.h"
#include "image/preprocess.h"

namespace {

constexpr int kTarget = 224;

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "fuzz_image_decode: check failed: %s\n", what);
    std::abort();
}

#define CHECK(cond)              \
    do {                         \
        if (!(cond)) die(#cond); \
    } while (0)

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // One thread: deterministic, and the machine is shared.
    cv::setNumThreads(0);
    cv::redirectError([](int, const char*, const char*, const char*, int, void*) { return 0; });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    using namespace pieslicer;

    const auto probed = probeImage(data, size);
    if (probed) {
        CHECK(probed->width > 0 && probed->height > 0);
        CHECK(probed->bytes == size);
    } else {
        CHECK(!probed.error().empty());
    }

    PreprocessOptions opt;
    opt.target = kTarget;
    opt.jpegQuality = 80;

    const auto device = preprocessOnDevice(data, size, opt);
    if (device) {
        CHECK(probed);  // nothing is decoded without a good header
        CHECK(!device->jpeg.empty());
        const auto out = probeImage(device->jpeg.data(), device->jpeg.size());
        CHECK(out);
        CHECK(out->format == ImageFormat::Jpeg);
        CHECK(out->width == kTarget && out->height == kTarget);
        // What the device uploads must go through the cloud path unchanged in size.
        const auto again = preprocessInCloud(device->jpeg.data(), device->jpeg.size(), opt);
        CHECK(again);
        CHECK(again->timings.decodedWidth == kTarget && again->timings.decodedHeight == kTarget);
    }

    const auto cloud = preprocessInCloud(data, size, opt);
    if (cloud) {
        CHECK(probed);
        const cv::Mat& t = cloud->tensor;
        CHECK(t.dims == 4 && t.size[0] == 1 && t.size[1] == 3 && t.size[2] == kTarget &&
              t.size[3] == kTarget);
        CHECK(t.type() == CV_32F);
    }
    // Same bytes, same verdict: decoding must not depend on anything but the input.
    CHECK(bool(device) == bool(cloud));
    return 0;
}
