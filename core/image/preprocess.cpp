#include "image/preprocess.h"

#include <array>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "util/clock.h"

namespace pieslicer {
namespace {

int readFlagFor(int factor) {
    switch (factor) {
        case 2:
            return cv::IMREAD_REDUCED_COLOR_2;
        case 4:
            return cv::IMREAD_REDUCED_COLOR_4;
        case 8:
            return cv::IMREAD_REDUCED_COLOR_8;
        default:
            return cv::IMREAD_COLOR;
    }
}

}  // namespace

void runOpenCvOnOneThread() { cv::setNumThreads(1); }

int downscaleFactor(int width, int height, int target) {
    for (int f : {8, 4, 2})
        if (width / f >= target && height / f >= target) return f;
    return 1;
}

Expected<cv::Mat> decodeAndResize(const uint8_t* data, std::size_t size,
                                  const PreprocessOptions& opt, ImageInfo& info, DecodeTimings& t) {
    auto start = SteadyClock::now();
    auto probed = probeImage(data, size);
    if (!probed) return fail(probed.error());
    auto limited = checkLimits(probed.value(), opt.limits);
    if (!limited) return fail(limited.error());
    info = limited.value();
    t.probeMs = msSince(start);

    // Reduced decoding only pays off for JPEG (DCT domain); for other formats OpenCV
    // would decode fully and then resize, so ask for the full image and resize once.
    t.scale = (opt.dctDownscale && info.format == ImageFormat::Jpeg)
                  ? downscaleFactor(info.width, info.height, opt.target)
                  : 1;
    start = SteadyClock::now();
    cv::Mat decoded;
    try {
        const cv::Mat buffer(1, int(size), CV_8UC1, const_cast<uint8_t*>(data));
        decoded = cv::imdecode(buffer, readFlagFor(t.scale));
    } catch (const cv::Exception& e) {
        return fail("cannot decode " + formatName(info.format) + ": " + e.err);
    }
    t.decodeMs = msSince(start);
    if (decoded.empty())
        return fail("cannot decode " + formatName(info.format) + ": corrupt or truncated data");
    t.decodedWidth = decoded.cols;
    t.decodedHeight = decoded.rows;

    if (decoded.cols == opt.target && decoded.rows == opt.target)
        return decoded;  // preprocessed upload
    start = SteadyClock::now();
    cv::Mat resized;
    cv::resize(decoded, resized, cv::Size(opt.target, opt.target), 0, 0, cv::INTER_AREA);
    t.resizeMs = msSince(start);
    return resized;
}

Expected<DevicePrepResult> preprocessOnDevice(const uint8_t* data, std::size_t size,
                                              const PreprocessOptions& opt) {
    DevicePrepResult r;
    auto resized = decodeAndResize(data, size, opt, r.info, r.timings);
    if (!resized) return fail(resized.error());
    const auto start = SteadyClock::now();
    std::vector<uchar> out;
    if (!cv::imencode(".jpg", resized.value(), out, {cv::IMWRITE_JPEG_QUALITY, opt.jpegQuality}))
        return fail("JPEG encoding failed");
    r.jpeg.assign(out.begin(), out.end());
    r.encodeMs = msSince(start);
    r.totalMs = r.timings.probeMs + r.timings.decodeMs + r.timings.resizeMs + r.encodeMs;
    return r;
}

void toTensor(const cv::Mat& bgr, TensorBuffers& buffers) {
    // ImageNet mean and std per RGB channel, as torchvision-trained CNNs expect:
    // x = (v / 255 - mean) / std = v * scale + offset, per channel. Two vectorised passes:
    // split the interleaved BGR into three 8-bit planes (a third of the tensor's bytes, in
    // cache), then convertTo each plane with its scale and offset straight into its plane of
    // the blob: 37 us for 331x331 against 103 us for the lookup-table loop before it (one
    // scalar gather per value), and 8 ms for the cvtColor, convertTo, subtract, divide,
    // blobFromImage chain before that.
    static const double mean[3] = {0.485, 0.456, 0.406}, stddev[3] = {0.229, 0.224, 0.225};
    CV_Assert(bgr.type() == CV_8UC3);
    const int sizes[] = {1, 3, bgr.rows, bgr.cols};
    cv::Mat& out = buffers.tensor;
    out.create(4, sizes, CV_32F);  // no allocation when it already has this shape
    cv::Mat* planes = buffers.planes;
    cv::split(bgr, planes);        // B, G, R; into the planes as they are when the size matches
    for (int c = 0; c < 3; ++c) {  // tensor channel c is RGB's c: BGR plane 2 - c
        cv::Mat plane(bgr.rows, bgr.cols, CV_32F, out.ptr<float>(0, c));
        planes[2 - c].convertTo(plane, CV_32F, 1.0 / (255.0 * stddev[c]), -mean[c] / stddev[c]);
    }
}

cv::Mat toTensor(const cv::Mat& bgr) {
    TensorBuffers buffers;
    toTensor(bgr, buffers);
    return buffers.tensor;
}

void finishInCloud(const cv::Mat& resized, int modelSide, CloudPrepResult& r,
                   TensorBuffers& buffers) {
    const cv::Mat* image = &resized;
    cv::Mat forModel;
    if (modelSide > 0 && (modelSide != resized.cols || modelSide != resized.rows)) {
        // The prototype's "specific resize": from the general target to the chosen model's.
        const auto start = SteadyClock::now();
        cv::resize(resized, forModel, cv::Size(modelSide, modelSide), 0, 0, cv::INTER_AREA);
        r.timings.resizeMs += msSince(start);
        image = &forModel;
    }
    const auto start = SteadyClock::now();
    toTensor(*image, buffers);
    r.tensor = buffers.tensor;
    r.convertMs = msSince(start);
    r.totalMs = r.timings.probeMs + r.timings.decodeMs + r.timings.resizeMs + r.convertMs;
}

Expected<CloudPrepResult> preprocessInCloud(const uint8_t* data, std::size_t size,
                                            const PreprocessOptions& opt) {
    CloudPrepResult r;
    auto resized = decodeAndResize(data, size, opt, r.info, r.timings);
    if (!resized) return fail(resized.error());
    TensorBuffers buffers;
    finishInCloud(resized.value(), 0, r, buffers);
    return r;
}

}  // namespace pieslicer
