#include "image/interlaced_png.h"

#include <png.h>

#include <csetjmp>

namespace pieslicer {

namespace {

void appendToVector(png_structp png, png_bytep data, png_size_t size) {
    auto* out = static_cast<std::vector<uint8_t>*>(png_get_io_ptr(png));
    out->insert(out->end(), data, data + size);
}

void noFlush(png_structp) {}

}  // namespace

Expected<std::vector<uint8_t>> encodeInterlacedPng(const cv::Mat& image) {
    if (image.empty() || image.depth() != CV_8U)
        return fail("interlaced png: needs an 8-bit image");
    int colourType = 0;
    switch (image.channels()) {
        case 1:
            colourType = PNG_COLOR_TYPE_GRAY;
            break;
        case 3:
            colourType = PNG_COLOR_TYPE_RGB;
            break;
        case 4:
            colourType = PNG_COLOR_TYPE_RGB_ALPHA;
            break;
        default:
            return fail("interlaced png: needs 1, 3 or 4 channels");
    }
    // Everything the error path frees or reads exists before setjmp: libpng reports errors by
    // longjmp, which skips destructors of what is made after it.
    const cv::Mat pixels = image.isContinuous() ? image : image.clone();
    std::vector<png_bytep> rows(std::size_t(pixels.rows));
    for (int y = 0; y < pixels.rows; ++y)
        rows[std::size_t(y)] = const_cast<png_bytep>(pixels.ptr(y));
    std::vector<uint8_t> out;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    if (!png) return fail("interlaced png: libpng could not start");
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, nullptr);
        return fail("interlaced png: libpng could not start");
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return fail("interlaced png: libpng could not write it");
    }
    png_set_write_fn(png, &out, appendToVector, noFlush);
    png_set_IHDR(png, info, png_uint_32(pixels.cols), png_uint_32(pixels.rows), 8, colourType,
                 PNG_INTERLACE_ADAM7, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, 6);  // as the other PNG variants
    png_write_info(png, info);
    if (pixels.channels() >= 3) png_set_bgr(png);  // OpenCV's order
    png_write_image(png, rows.data());             // all seven passes
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return out;
}

}  // namespace pieslicer
