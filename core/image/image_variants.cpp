#include "image/image_variants.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "image/interlaced_png.h"

namespace pieslicer {

std::string variantLabel(const VariantSpec& s) {
    const std::string q = " q" + std::to_string(s.quality);
    switch (s.kind) {
        case VariantKind::ProgressiveJpeg:
            return "progressive" + q;
        case VariantKind::Png:
            return "png";
        case VariantKind::WebP:
            return s.quality > 100 ? "webp lossless" : "webp" + q;
        case VariantKind::JpegQuality:
            return "jpeg" + q;
        case VariantKind::Smaller:
            return std::to_string(s.longSide) + " px" + q;
        case VariantKind::Grey:
            return "grey" + q;
        case VariantKind::Wide:
            return "16:9" + q;
        case VariantKind::Larger:
            return "progressive " + std::to_string(s.longSide) + " px" + q;
        case VariantKind::FlatPng:
            return "flat png";
        case VariantKind::AlphaPng:
            return "png with alpha";
        case VariantKind::InterlacedPng:
            return "interlaced png, " + std::to_string(s.longSide) + " px or more";
    }
    return "?";
}

namespace {

bool losslessVariant(const VariantSpec& s) {
    return s.kind == VariantKind::Png || s.kind == VariantKind::FlatPng ||
           s.kind == VariantKind::AlphaPng || s.kind == VariantKind::InterlacedPng;
}

}  // namespace

std::string variantExtension(const VariantSpec& s) {
    if (losslessVariant(s)) return "png";
    if (s.kind == VariantKind::WebP) return "webp";
    return "jpg";
}

namespace {

cv::Mat reshaped(const cv::Mat& image, const VariantSpec& s) {
    cv::Mat out = image;
    if (s.kind == VariantKind::Smaller) {
        const int longest = std::max(image.cols, image.rows);
        if (longest > s.longSide) {
            const double f = double(s.longSide) / longest;
            cv::resize(image, out, cv::Size(), f, f, cv::INTER_AREA);
        }
    } else if (s.kind == VariantKind::Larger || s.kind == VariantKind::InterlacedPng) {
        const int longest = std::max(image.cols, image.rows);
        if (longest < s.longSide) {
            const double f = double(s.longSide) / longest;
            cv::resize(image, out, cv::Size(), f, f, cv::INTER_CUBIC);
        }
    } else if (s.kind == VariantKind::Grey && image.channels() == 3) {
        cv::cvtColor(image, out, cv::COLOR_BGR2GRAY);
    } else if (s.kind == VariantKind::FlatPng) {
        // A 7x7 median, then 5 levels a channel (a noisy mid-grey stays one flat level).
        cv::medianBlur(image, out, 7);
        cv::Mat levels(1, 256, CV_8U);  // 0, 64, 128, 192, 255
        for (int v = 0; v < 256; ++v)
            levels.at<uchar>(v) = uchar(std::min(255, (v + 32) / 64 * 64));
        cv::LUT(out, levels, out);
    } else if (s.kind == VariantKind::AlphaPng && image.channels() == 3) {
        // Alpha 255 within the inscribed ellipse, falling to 0 at the corners.
        cv::Mat alpha(image.size(), CV_8U);
        const double cx = (image.cols - 1) / 2.0, cy = (image.rows - 1) / 2.0;
        for (int y = 0; y < image.rows; ++y)
            for (int x = 0; x < image.cols; ++x) {
                const double dx = (x - cx) / std::max(1.0, cx), dy = (y - cy) / std::max(1.0, cy);
                const double r = std::sqrt(dx * dx + dy * dy);  // 1 on the ellipse, 1.41 at corners
                alpha.at<uchar>(y, x) = uchar(std::clamp((1.414 - r) / 0.414, 0.0, 1.0) * 255);
            }
        cv::cvtColor(image, out, cv::COLOR_BGR2BGRA);
        cv::Mat channels[4];
        cv::split(out, channels);
        channels[3] = alpha;
        cv::merge(channels, 4, out);
    } else if (s.kind == VariantKind::Wide) {
        const bool landscape = image.cols >= image.rows;
        const int longSide = landscape ? image.cols : image.rows;
        const int band = std::max(1, longSide * 9 / 16);
        out = landscape ? image(cv::Rect(0, (image.rows - std::min(band, image.rows)) / 2,
                                         image.cols, std::min(band, image.rows)))
                        : image(cv::Rect((image.cols - std::min(band, image.cols)) / 2, 0,
                                         std::min(band, image.cols), image.rows));
    }
    return out;
}

}  // namespace

Expected<std::vector<uint8_t>> makeVariant(const cv::Mat& image, const VariantSpec& s) {
    if (image.empty()) return fail("no image to make a variant of");
    if (s.kind == VariantKind::InterlacedPng) return encodeInterlacedPng(reshaped(image, s));
    std::vector<int> params;
    if (losslessVariant(s)) {
        params = {cv::IMWRITE_PNG_COMPRESSION, 6};
    } else if (s.kind == VariantKind::WebP) {
        params = {cv::IMWRITE_WEBP_QUALITY, std::clamp(s.quality, 1, 101)};
    } else {
        params = {cv::IMWRITE_JPEG_QUALITY, std::clamp(s.quality, 1, 100)};
        if (s.kind == VariantKind::ProgressiveJpeg || s.kind == VariantKind::Larger)
            params.insert(params.end(), {cv::IMWRITE_JPEG_PROGRESSIVE, 1});
    }
    std::vector<uchar> out;
    try {
        if (!cv::imencode("." + variantExtension(s), reshaped(image, s), out, params))
            return fail("cannot encode the " + variantLabel(s) + " variant");
    } catch (const cv::Exception& e) {
        return fail("cannot encode the " + variantLabel(s) + " variant: " + e.err);
    }
    return std::vector<uint8_t>(out.begin(), out.end());
}

Expected<cv::Mat> decodeFull(const std::vector<uint8_t>& bytes) {
    if (bytes.empty()) return fail("empty file");
    cv::Mat decoded;
    try {
        decoded =
            cv::imdecode(cv::Mat(1, int(bytes.size()), CV_8UC1, const_cast<uint8_t*>(bytes.data())),
                         cv::IMREAD_COLOR);
    } catch (const cv::Exception& e) {
        return fail("cannot decode: " + e.err);
    }
    if (decoded.empty()) return fail("cannot decode");
    return decoded;
}

}  // namespace pieslicer
