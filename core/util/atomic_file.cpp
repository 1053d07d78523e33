#include "util/atomic_file.h"

#include <fstream>
#include <system_error>

namespace pieslicer {

Expected<bool> writeFileAtomically(const std::filesystem::path& path, const std::string& contents) {
    const std::filesystem::path tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return fail("cannot write " + tmp.string());
        out << contents;
        if (!out.flush()) return fail("cannot write " + tmp.string());
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) return fail("cannot write " + path.string() + ": " + ec.message());
    return true;
}

}  // namespace pieslicer
