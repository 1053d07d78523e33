#pragma once
// Parsing of human-written rates and durations ("8mbit", "500kbit", "40ms", "2s").
#include <optional>
#include <string>

namespace pieslicer {

// Bits per second from "8mbit", "8Mbps", "500kbit", "1.5m", "2000000" (plain number = bit/s).
std::optional<double> parseBitRate(const std::string& text);

// Milliseconds from "40ms", "1.5s", "40" (plain number = ms).
std::optional<double> parseDurationMs(const std::string& text);

// "8 Mbit/s", "400 kbit/s".
std::string formatBitRate(double bitsPerSecond);

}  // namespace pieslicer
