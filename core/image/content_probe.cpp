#include "image/content_probe.h"

#include <algorithm>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "image/preprocess.h"
#include "util/clock.h"

namespace pieslicer {
namespace {

// A progressive JPEG's first scan holds the DC coefficients (libjpeg's script: all components,
// interleaved): at 1/8 scale that is all the decoder uses. The bytes up to that scan's end
// with an end-of-image marker after them decode to the same 1/8 picture for a fraction of the
// work (a 10 MB file's first scan is a few hundred KB). Empty when the layout is unexpected.
std::vector<uint8_t> firstScanOnly(const uint8_t* d, std::size_t n) {
    std::size_t i = 2;
    while (i + 4 <= n) {
        if (d[i] != 0xFF) return {};
        const uint8_t marker = d[i + 1];
        if (marker == 0xFF) {
            ++i;
            continue;
        }
        const std::size_t len = std::size_t(d[i + 2]) << 8 | d[i + 3];
        if (len < 2 || i + 2 + len > n) return {};
        if (marker != 0xDA) {
            i += 2 + len;
            continue;
        }
        // Entropy-coded data ends at the first marker that is neither a stuffed 0xFF00 nor a
        // restart marker.
        for (std::size_t k = i + 2 + len; k + 1 < n; ++k) {
            if (d[k] != 0xFF) continue;
            const uint8_t next = d[k + 1];
            if (next == 0x00 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF) continue;
            std::vector<uint8_t> out(d, d + k);
            out.push_back(0xFF);
            out.push_back(0xD9);
            return out;
        }
        return {};
    }
    return {};
}

// The DCT scale the probe decodes at: only JPEG decodes in the DCT domain.
int probeScale(ImageFormat format, int width, int height, int side) {
    return format == ImageFormat::Jpeg ? downscaleFactor(width, height, side * 3 / 4) : 1;
}

}  // namespace

Expected<cv::Mat> probeSquare(const uint8_t* data, std::size_t size, const ImageInfo& info,
                              const ContentProbeOptions& options, ContentProbe* decodedBy) {
    const auto start = SteadyClock::now();
    const double cpuStart = threadCpuMs();
    if (auto limited = checkLimits(info, options.limits); !limited) return fail(limited.error());
    // Only JPEG decodes in the DCT domain; at 1/8 libjpeg skips the inverse DCT altogether
    // (the DC coefficient is the block's mean). Other formats must be decoded in full.
    // The DCT scale keeps 3/4 of the side, not all of it: a 1600 px JPEG decodes at 1/8 (200 px)
    // for a 256 px square instead of at 1/4, a quarter of the inverse DCT work and none for
    // 1/8's DC-only path, for a square that is hardly less sharp than the model input's.
    const int factor = probeScale(info.format, info.width, info.height, options.side);
    const int flags[] = {cv::IMREAD_COLOR, cv::IMREAD_REDUCED_COLOR_2, cv::IMREAD_REDUCED_COLOR_4,
                         cv::IMREAD_REDUCED_COLOR_8};
    const int flag = flags[factor == 8 ? 3 : factor == 4 ? 2 : factor == 2 ? 1 : 0];
    std::vector<uint8_t> dcOnly;
    if (factor == 8 && info.format == ImageFormat::Jpeg && info.progressive)
        dcOnly = firstScanOnly(data, size);
    if (!dcOnly.empty()) data = dcOnly.data(), size = dcOnly.size();
    cv::Mat decoded;
    try {
        const cv::Mat buffer(1, int(size), CV_8UC1, const_cast<uint8_t*>(data));
        decoded = cv::imdecode(buffer, flag | cv::IMREAD_IGNORE_ORIENTATION);
    } catch (const cv::Exception& e) {
        return fail("content probe: cannot decode: " + e.err);
    }
    if (decoded.empty()) return fail("content probe: cannot decode");
    if (decodedBy) {
        decodedBy->scale = factor;
        decodedBy->firstScanOnly = !dcOnly.empty();
        decodedBy->decodeMs = msSince(start);
        decodedBy->decodeCpuMs = threadCpuMs() - cpuStart;
    }
    cv::Mat square;
    cv::resize(decoded, square, cv::Size(options.side, options.side), 0, 0, cv::INTER_AREA);
    return square;
}

namespace {

// What the JPEG of a flat square costs: markers, quantisation and Huffman tables, and the
// few bits of its blocks. Subtracted so that detail is proportional to what the picture adds.
std::size_t flatJpegBytes(int side, int quality) {
    static thread_local int lastSide = 0, lastQuality = 0;
    static thread_local std::size_t last = 0;
    if (side != lastSide || quality != lastQuality) {
        std::vector<uchar> jpeg;
        cv::imencode(".jpg", cv::Mat(side, side, CV_8UC3, cv::Scalar(128, 128, 128)), jpeg,
                     {cv::IMWRITE_JPEG_QUALITY, quality});
        lastSide = side, lastQuality = quality, last = jpeg.size();
    }
    return last;
}

}  // namespace

bool decodeReusable(const ContentProbe& probe, int width, int height, int target) {
    if (probe.firstScanOnly) return false;
    return probe.scale <= downscaleFactor(width, height, target);
}

bool decodeReusable(const ImageFeatures& header, int target) {
    const int scale = probeScale(header.format, header.width, header.height, kContentProbeSide);
    if (header.format == ImageFormat::Jpeg && header.progressive && scale == 8) return false;
    return scale <= downscaleFactor(header.width, header.height, target);
}

Expected<ContentProbe> probeContent(const uint8_t* data, std::size_t size, const ImageInfo& info,
                                    const ContentProbeOptions& options) {
    const auto start = SteadyClock::now();
    const double cpuStart = threadCpuMs();
    ContentProbe probe;
    auto square = probeSquare(data, size, info, options, &probe);
    if (!square) return fail(square.error());
    auto bitsPerPixel = [&](const cv::Mat& image) {
        std::vector<uchar> jpeg;
        if (!cv::imencode(".jpg", image, jpeg, {cv::IMWRITE_JPEG_QUALITY, options.quality}))
            return -1.0;
        const double beyondFlat =
            double(jpeg.size()) - double(flatJpegBytes(image.cols, options.quality));
        return std::max(0.01, beyondFlat * 8.0 / (double(image.cols) * image.rows));
    };
    probe.bitsPerPixel = bitsPerPixel(square.value());
    cv::Mat half;
    cv::resize(square.value(), half, cv::Size(options.side / 2, options.side / 2), 0, 0,
               cv::INTER_AREA);
    const double halfBits = bitsPerPixel(half);
    if (probe.bitsPerPixel < 0 || halfBits < 0) return fail("content probe: JPEG encoding failed");
    probe.growth = probe.bitsPerPixel / halfBits;
    probe.ms = msSince(start);
    probe.cpuMs = threadCpuMs() - cpuStart;
    return probe;
}

}  // namespace pieslicer
