#pragma once
// The two preprocessing paths of PieSlicer, each stage timed: on the device
// (decode, resize, encode a small JPEG to upload) and in the cloud (decode, resize,
// make the float tensor a CNN takes).
#include <cstdint>
#include <opencv2/core.hpp>
#include <vector>

#include "image/image_probe.h"
#include "util/expected.h"

namespace pieslicer {

struct PreprocessOptions {
    int target = 331;          // model input side: 224, 299 or 331
    int jpegQuality = 90;      // on-device output
    bool dctDownscale = true;  // decode JPEG at 1/2, 1/4, 1/8 when that keeps both sides >= target
    ImageLimits limits;
};

// Runs OpenCV's functions on the calling thread only, for the whole process. A phone's decoder
// and the endpoint work on one core per request, and an emulated device is charged its
// thread's CPU time (EmulatedDevice::hostMs), which would miss the work OpenCV hands to its
// pool (it splits a large resize over every core). Every front end that measures calls it.
void runOpenCvOnOneThread();

// The largest factor of 1, 2, 4, 8 that keeps both sides >= target.
int downscaleFactor(int width, int height, int target);

struct DecodeTimings {
    double probeMs = 0;
    double decodeMs = 0;  // includes the DCT-domain downscale
    double resizeMs = 0;
    int scale = 1;
    int decodedWidth = 0;
    int decodedHeight = 0;
};

struct DevicePrepResult {
    ImageInfo info;
    DecodeTimings timings;
    double encodeMs = 0;
    double totalMs = 0;
    std::vector<uint8_t> jpeg;  // what would be uploaded
};

struct CloudPrepResult {
    ImageInfo info;
    DecodeTimings timings;
    double convertMs = 0;
    double totalMs = 0;
    cv::Mat tensor;  // 1x3xNxN float32, ImageNet-normalised, RGB
};

// Decodes `data` (after probing it and checking the limits) and resizes to target x target.
// Honours EXIF orientation; gray, alpha, 16-bit and CMYK inputs become 8-bit BGR.
Expected<cv::Mat> decodeAndResize(const uint8_t* data, std::size_t size,
                                  const PreprocessOptions& opt, ImageInfo& info,
                                  DecodeTimings& timings);

Expected<DevicePrepResult> preprocessOnDevice(const uint8_t* data, std::size_t size,
                                              const PreprocessOptions& opt);

Expected<CloudPrepResult> preprocessInCloud(const uint8_t* data, std::size_t size,
                                            const PreprocessOptions& opt);

// The memory one tensor conversion writes, kept across requests by whoever converts many:
// fresh pages cost more than the conversion (page faults on a new 1.3 MB tensor took about
// 0.5 ms here, the conversion itself 0.04 ms).
struct TensorBuffers {
    cv::Mat tensor;     // 1x3xNxN float32
    cv::Mat planes[3];  // 8-bit scratch
};

// What is left of in-cloud preprocessing once `resized` is at the request's target: the
// resize to the model's own input side when it differs (0: none; timed into resizeMs), then
// the tensor, written into `buffers` (r.tensor shares it).
void finishInCloud(const cv::Mat& resized, int modelSide, CloudPrepResult& r,
                   TensorBuffers& buffers);

// Tensor conversion alone, for an 8-bit BGR image (what decoding gives) at the model's size.
cv::Mat toTensor(const cv::Mat& bgr);
// The same into buffers.tensor, reusing the buffers when they have the shape.
void toTensor(const cv::Mat& bgr, TensorBuffers& buffers);

}  // namespace pieslicer
