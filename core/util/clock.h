#pragma once
// Clocks used for every timing in the project: a monotonic one for durations and
// the wall clock (Unix ms) for timestamps compared across processes.
#include <chrono>
#include <thread>

namespace pieslicer {

using SteadyClock = std::chrono::steady_clock;

inline double msSince(SteadyClock::time_point start) {
    return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

// Wall-clock time in ms since the Unix epoch, with sub-ms precision.
inline double unixMs() {
    return std::chrono::duration<double, std::milli>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

inline void sleepMs(double ms) {
    if (ms > 0) std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(ms));
}

}  // namespace pieslicer
