#include "util/units.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace pieslicer {
namespace {

// Splits "12.5mbit" into 12.5 and "mbit"; rejects text without a leading number.
bool splitNumber(const std::string& text, double& number, std::string& unit) {
    const char* begin = text.c_str();
    char* end = nullptr;
    number = std::strtod(begin, &end);
    if (end == begin || !std::isfinite(number) || number < 0) return false;
    unit.assign(end);
    unit.erase(
        std::remove_if(unit.begin(), unit.end(), [](unsigned char c) { return std::isspace(c); }),
        unit.end());
    std::transform(unit.begin(), unit.end(), unit.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return true;
}

}  // namespace

std::optional<double> parseNumber(const std::string& text) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<double> parseBitRate(const std::string& text) {
    double n = 0;
    std::string unit;
    if (!splitNumber(text, n, unit)) return std::nullopt;
    if (unit.empty() || unit == "bit" || unit == "bps" || unit == "bit/s") return n;
    if (unit == "k" || unit == "kbit" || unit == "kbps" || unit == "kbit/s") return n * 1e3;
    if (unit == "m" || unit == "mbit" || unit == "mbps" || unit == "mbit/s") return n * 1e6;
    if (unit == "g" || unit == "gbit" || unit == "gbps" || unit == "gbit/s") return n * 1e9;
    return std::nullopt;
}

std::optional<double> parseDurationMs(const std::string& text) {
    double n = 0;
    std::string unit;
    if (!splitNumber(text, n, unit)) return std::nullopt;
    if (unit.empty() || unit == "ms") return n;
    if (unit == "s") return n * 1e3;
    if (unit == "us") return n / 1e3;
    return std::nullopt;
}

std::string formatBitRate(double bps) {
    char buf[64];
    if (bps >= 1e6)
        std::snprintf(buf, sizeof buf, "%.4g Mbit/s",
                      bps / 1e6);  // a trace mean: 15.07, not 15.0718
    else
        std::snprintf(buf, sizeof buf, "%.4g kbit/s", bps / 1e3);
    return buf;
}

}  // namespace pieslicer
