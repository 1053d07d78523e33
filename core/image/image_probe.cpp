#include "image/image_probe.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace pieslicer {
namespace {

uint16_t be16(const uint8_t* p) { return uint16_t(p[0] << 8 | p[1]); }
uint32_t be32(const uint8_t* p) {
    return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}
uint16_t le16(const uint8_t* p) { return uint16_t(p[1] << 8 | p[0]); }
uint32_t le32(const uint8_t* p) {
    return uint32_t(p[3]) << 24 | uint32_t(p[2]) << 16 | uint32_t(p[1]) << 8 | p[0];
}

bool startsWith(const uint8_t* d, std::size_t n, const char* magic, std::size_t m) {
    return n >= m && std::memcmp(d, magic, m) == 0;
}

// Orientation tag (0x0112) from an APP1 "Exif\0\0" payload; 1 when absent or malformed.
int exifOrientation(const uint8_t* p, std::size_t n) {
    if (n < 14 || std::memcmp(p, "Exif\0\0", 6) != 0) return 1;
    const uint8_t* tiff = p + 6;
    const std::size_t tn = n - 6;
    const bool little = tiff[0] == 'I';
    auto u16 = [&](std::size_t o) { return little ? le16(tiff + o) : be16(tiff + o); };
    auto u32 = [&](std::size_t o) { return little ? le32(tiff + o) : be32(tiff + o); };
    const std::size_t ifd = u32(4);
    if (ifd + 2 > tn) return 1;
    const unsigned count = u16(ifd);
    for (unsigned i = 0; i < count; ++i) {
        const std::size_t e = ifd + 2 + i * 12;
        if (e + 12 > tn) return 1;
        if (u16(e) == 0x0112) {
            const int v = u16(e + 8);
            return v >= 1 && v <= 8 ? v : 1;
        }
    }
    return 1;
}

// Entropy-coded data stuffs every 0xFF with 0x00, so FF D9 after the frame header is the
// end-of-image marker (thumbnails in EXIF come before the frame header).
bool hasEndOfImage(const uint8_t* d, std::size_t n) {
    for (const uint8_t* p = d; n >= 2;) {
        const void* hit = std::memchr(p, 0xFF, n - 1);
        if (!hit) return false;
        const auto* q = static_cast<const uint8_t*>(hit);
        if (q[1] == 0xD9) return true;
        n -= std::size_t(q + 1 - p);
        p = q + 1;
    }
    return false;
}

// Mean step of the luma quantisation table (id 0) in a DQT segment; 0 when it has none.
// The step says how much detail the encoder threw away, so bits per pixel divided by it
// says how busy the content is: what the on-device JPEG's size depends on.
double lumaQuantStep(const uint8_t* p, std::size_t n) {
    for (std::size_t i = 0; i < n;) {
        const int precision = p[i] >> 4, id = p[i] & 0x0F;
        const std::size_t size = precision ? 128 : 64;
        if (i + 1 + size > n) return 0;
        if (id == 0) {
            double sum = 0;
            for (std::size_t k = 0; k < 64; ++k)
                sum += precision ? be16(p + i + 1 + 2 * k) : p[i + 1 + k];
            return sum / 64.0;
        }
        i += 1 + size;
    }
    return 0;
}

Expected<ImageInfo> probeJpeg(const uint8_t* d, std::size_t n) {
    ImageInfo info;
    info.format = ImageFormat::Jpeg;
    std::size_t i = 2;
    while (i + 4 <= n) {
        if (d[i] != 0xFF) return fail("corrupt JPEG: marker expected at byte " + std::to_string(i));
        const uint8_t marker = d[i + 1];
        if (marker == 0xFF) {  // fill byte
            ++i;
            continue;
        }
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            i += 2;
            continue;
        }
        if (marker == 0xD9 || marker == 0xDA) break;  // EOI or start of scan before a frame header
        const std::size_t len = be16(d + i + 2);
        if (len < 2 || i + 2 + len > n) break;
        const uint8_t* seg = d + i + 4;
        if (marker == 0xE1) info.exifOrientation = exifOrientation(seg, len - 2);
        if (marker == 0xDB && info.jpegQuantStep == 0)
            info.jpegQuantStep = lumaQuantStep(seg, len - 2);
        const bool sof =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) {
            if (len < 8) return fail("corrupt JPEG: short frame header");
            info.bitDepth = seg[0];
            info.height = be16(seg + 1);
            info.width = be16(seg + 3);
            info.channels = seg[5];
            info.progressive = marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE;
            if (marker != 0xC0 && marker != 0xC1 && marker != 0xC2)
                return fail("unsupported JPEG coding (lossless or arithmetic, SOF" +
                            std::to_string(marker - 0xC0) + ")");
            // libjpeg pads a cut-off file with gray and calls it a success; a missing
            // end-of-image marker after the frame header is how truncation shows.
            if (!hasEndOfImage(d + i, n - i)) return fail("truncated JPEG: no end-of-image marker");
            return info;
        }
        i += 2 + len;
    }
    return fail("truncated JPEG: no frame header found");
}

Expected<ImageInfo> probePng(const uint8_t* d, std::size_t n) {
    if (n < 33 || std::memcmp(d + 12, "IHDR", 4) != 0) return fail("truncated PNG header");
    ImageInfo info;
    info.format = ImageFormat::Png;
    info.width = int(std::min<uint32_t>(be32(d + 16), 0x7fffffff));
    info.height = int(std::min<uint32_t>(be32(d + 20), 0x7fffffff));
    info.bitDepth = d[24];
    switch (d[25]) {  // colour type
        case 0:
            info.channels = 1;
            break;
        case 2:
            info.channels = 3;
            break;
        case 3:
            info.channels = 3;
            break;
        case 4:
            info.channels = 2;
            break;
        case 6:
            info.channels = 4;
            break;
        default:
            return fail("corrupt PNG: unknown colour type");
    }
    info.progressive = d[28] == 1;  // interlace method 1: Adam7, seven passes
    return info;
}

Expected<ImageInfo> probeWebP(const uint8_t* d, std::size_t n) {
    ImageInfo info;
    info.format = ImageFormat::WebP;
    info.channels = 3;
    if (n >= 30 && std::memcmp(d + 12, "VP8 ", 4) == 0) {
        info.width = le16(d + 26) & 0x3FFF;
        info.height = le16(d + 28) & 0x3FFF;
    } else if (n >= 25 && std::memcmp(d + 12, "VP8L", 4) == 0) {
        const uint32_t b = le32(d + 21);
        info.width = int(b & 0x3FFF) + 1;
        info.height = int((b >> 14) & 0x3FFF) + 1;
        info.channels = 4;
    } else if (n >= 30 && std::memcmp(d + 12, "VP8X", 4) == 0) {
        info.width = int(d[24] | d[25] << 8 | d[26] << 16) + 1;
        info.height = int(d[27] | d[28] << 8 | d[29] << 16) + 1;
        info.channels = (d[20] & 0x10) ? 4 : 3;
    } else {
        return fail("truncated or unknown WebP header");
    }
    return info;
}

Expected<ImageInfo> probeBmp(const uint8_t* d, std::size_t n) {
    if (n < 26) return fail("truncated BMP header");
    ImageInfo info;
    info.format = ImageFormat::Bmp;
    const int32_t w = int32_t(le32(d + 18));
    const int32_t h = int32_t(le32(d + 22));
    info.width = w < 0 ? (w == INT32_MIN ? 0 : -w) : w;
    info.height = h < 0 ? (h == INT32_MIN ? 0 : -h) : h;
    info.channels = 3;
    return info;
}

Expected<ImageInfo> probeTiff(const uint8_t* d, std::size_t n) {
    if (n < 8) return fail("truncated TIFF header");  // byte order, magic, first IFD offset
    const bool little = d[0] == 'I';
    auto u16 = [&](std::size_t o) { return little ? le16(d + o) : be16(d + o); };
    auto u32 = [&](std::size_t o) { return little ? le32(d + o) : be32(d + o); };
    ImageInfo info;
    info.format = ImageFormat::Tiff;
    const std::size_t ifd = u32(4);
    if (ifd + 2 > n) return fail("truncated TIFF header");
    const unsigned count = u16(ifd);
    for (unsigned i = 0; i < count; ++i) {
        const std::size_t e = ifd + 2 + i * 12;
        if (e + 12 > n) return fail("truncated TIFF header");
        const unsigned tag = u16(e), type = u16(e + 2);
        const uint32_t value = type == 3 ? u16(e + 8) : u32(e + 8);
        if (tag == 256) info.width = int(std::min<uint32_t>(value, 0x7fffffff));
        if (tag == 257) info.height = int(std::min<uint32_t>(value, 0x7fffffff));
        if (tag == 277) info.channels = int(std::min<uint32_t>(value, 16));
        if (tag == 258 && type == 3) info.bitDepth = int(value);
    }
    return info;
}

}  // namespace

Expected<ImageInfo> probeImage(const uint8_t* d, std::size_t n) {
    if (n == 0) return fail("empty file");
    Expected<ImageInfo> r = fail("");
    if (startsWith(d, n, "\xFF\xD8\xFF", 3))
        r = probeJpeg(d, n);
    else if (startsWith(d, n, "\x89PNG\r\n\x1A\n", 8))
        r = probePng(d, n);
    else if (n >= 12 && startsWith(d, n, "RIFF", 4) && std::memcmp(d + 8, "WEBP", 4) == 0)
        r = probeWebP(d, n);
    else if (startsWith(d, n, "BM", 2))
        r = probeBmp(d, n);
    else if (startsWith(d, n, "II*\0", 4) || startsWith(d, n, "MM\0*", 4))
        r = probeTiff(d, n);
    else if (startsWith(d, n, "\xFF\xD8", 2))
        return fail("truncated JPEG: header ends after the start marker");
    else
        return fail("not an image in an accepted format (JPEG, PNG, WebP, BMP, TIFF)");
    if (!r) return r;
    if (r->width <= 0 || r->height <= 0)
        return fail("image header declares no size (" + std::to_string(r->width) + "x" +
                    std::to_string(r->height) + ")");
    r->bytes = n;
    return r;
}

Expected<ImageInfo> checkLimits(const ImageInfo& info, const ImageLimits& limits) {
    const std::string dims = std::to_string(info.width) + "x" + std::to_string(info.height);
    if (info.width > limits.maxSide || info.height > limits.maxSide)
        return fail("image too large: " + dims + " exceeds the longest-side limit of " +
                    std::to_string(limits.maxSide) + " px");
    if (info.megapixels() > limits.maxMegapixels)
        return fail("image too large: " + dims + " exceeds the pixel limit of " +
                    std::to_string(int(limits.maxMegapixels)) + " MP");
    return info;
}

int estimateJpegQuality(double meanLumaQuantStep) {
    if (!(meanLumaQuantStep > 0)) return 0;
    static const int kAnnexKLuma[64] = {
        16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19, 26,  58,  60,  55,
        14, 13, 16, 24, 40,  57,  69,  56,  14, 17, 22, 29, 51,  87,  80,  62,
        18, 22, 37, 56, 68,  109, 103, 77,  24, 35, 55, 64, 81,  104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
    int best = 1;
    double bestDistance = 1e300;
    for (int q = 1; q <= 100; ++q) {
        const long scale = q < 50 ? 5000 / q : 200 - 2 * q;  // libjpeg's jpeg_quality_scaling
        double sum = 0;
        for (int t : kAnnexKLuma) sum += double(std::clamp((t * scale + 50) / 100, 1L, 255L));
        const double distance = std::abs(sum / 64 - meanLumaQuantStep);
        if (distance < bestDistance) bestDistance = distance, best = q;
    }
    return best;
}

}  // namespace pieslicer
