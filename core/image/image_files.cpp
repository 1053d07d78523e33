#include "image/image_files.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

namespace pieslicer {
namespace fs = std::filesystem;
namespace {

bool hasImageExtension(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    static const char* const kAccepted[] = {".jpg", ".jpeg", ".png", ".webp",
                                            ".bmp", ".tif",  ".tiff"};
    return std::any_of(std::begin(kAccepted), std::end(kAccepted),
                       [&](const char* a) { return ext == a; });
}

// Length of the valid UTF-8 sequence at s[i], or 0 if it is not one.
std::size_t utf8Length(const std::string& s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return 0;
    return n;
}

}  // namespace

Expected<std::vector<fs::path>> listImages(const fs::path& root) {
    std::error_code ec;
    if (fs::is_regular_file(root, ec)) return std::vector<fs::path>{root};
    if (!fs::is_directory(root, ec)) return fail("not a folder or image file: " + root.string());
    std::vector<fs::path> out;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec),
        end;
    if (ec) return fail("cannot read folder " + root.string() + ": " + ec.message());
    for (; it != end; it.increment(ec)) {
        if (ec) {
            ec.clear();
            continue;
        }
        std::error_code fileEc;
        if (!hasImageExtension(it->path())) continue;
        // Broken links and link loops are listed too, so they get an error record with a
        // reason instead of vanishing silently.
        if (it->is_regular_file(fileEc) || (it->is_symlink(fileEc) && !it->exists(fileEc)))
            out.push_back(it->path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

Expected<std::vector<uint8_t>> readFileBytes(const fs::path& path, std::size_t maxBytes) {
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail(std::string("cannot open file: ") +
                    (errno ? std::strerror(errno) : "unknown reason"));
    std::error_code ec;
    if (fs::is_directory(path, ec)) return fail("cannot open file: is a folder");
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    if (size < 0) return fail("cannot read file size");
    if (std::size_t(size) > maxBytes)
        return fail("file too large (" + std::to_string(std::size_t(size)) + " bytes)");
    in.seekg(0);
    std::vector<uint8_t> bytes(static_cast<std::size_t>(size));
    if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), size))
        return fail("read error");
    return bytes;
}

std::string displayName(const fs::path& path, const fs::path& root) {
    std::error_code ec;
    fs::path rel = fs::is_directory(root, ec) ? path.lexically_relative(root) : path.filename();
    if (rel.empty()) rel = path.filename();
    const std::string raw = rel.string();
    std::string out;
    for (std::size_t i = 0; i < raw.size();) {
        const std::size_t n = utf8Length(raw, i);
        const auto c = static_cast<unsigned char>(raw[i]);
        if (n == 0 || (n == 1 && (c < 0x20 || c == 0x7F))) {
            out += '?';
            ++i;
        } else {
            out.append(raw, i, n);
            i += n;
        }
    }
    return out;
}

}  // namespace pieslicer
