#pragma once
// Parsing of human-written rates and durations ("8mbit", "500kbit", "40ms", "2s").
#include <optional>
#include <string>

namespace pieslicer {

// Bits per second from "8mbit", "8Mbps", "500kbit", "1.5m", "2000000" (plain number = bit/s).
std::optional<double> parseBitRate(const std::string& text);

// Milliseconds from "40ms", "1.5s", "40" (plain number = ms).
std::optional<double> parseDurationMs(const std::string& text);

// A finite number that is the whole of `text` ("2.5"; not "2.5x", "nan", "inf", "").
std::optional<double> parseNumber(const std::string& text);

// What any front end accepts for a run: outside these a value is a typo (-5, 1e300), not
// an experiment, and is refused with a message rather than measured.
constexpr double kMinUplinkBitsPerSecond = 1e3;   // 1 kbit/s
constexpr double kMaxUplinkBitsPerSecond = 10e9;  // 10 Gbit/s
constexpr double kMaxRttMs = 10e3;                // 10 s
constexpr double kMaxSlaMs = 3600e3;              // an hour

// "8 Mbit/s", "400 kbit/s".
std::string formatBitRate(double bitsPerSecond);

}  // namespace pieslicer
