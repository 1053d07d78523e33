#include "domain/link_shape.h"

#include <cctype>
#include <cstdlib>

namespace pieslicer {

const char* tcpModelName(TcpModel m) { return m == TcpModel::Linux ? "linux" : "ideal"; }

std::optional<TcpModel> parseTcpModel(const std::string& text) {
    if (text == "ideal") return TcpModel::Ideal;
    if (text == "linux") return TcpModel::Linux;
    return std::nullopt;
}

std::optional<std::size_t> parseQueueSize(const std::string& text) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || !(v >= 0) || v > 1e12) return std::nullopt;
    std::string unit(end);
    for (auto& c : unit) c = char(std::tolower(static_cast<unsigned char>(c)));
    double scale = 0;
    if (unit.empty() || unit == "b")
        scale = 1;
    else if (unit == "pkt" || unit == "pkts" || unit == "packets")
        scale = 1500;
    else if (unit == "kb")
        scale = 1e3;
    else if (unit == "kib")
        scale = 1024;
    else if (unit == "mb")
        scale = 1e6;
    else if (unit == "mib")
        scale = 1024.0 * 1024;
    else
        return std::nullopt;
    return std::size_t(v * scale);
}

}  // namespace pieslicer
