#pragma once
// Clocks used for every timing in the project: a monotonic one for durations and
// the wall clock (Unix ms) for timestamps compared across processes.
#include <chrono>
#include <ctime>
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

// CPU time of the calling thread, ms: what a stage cost this machine's core, without the time
// it waited for one on a loaded machine (the wall clock counts both).
inline double threadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

inline void sleepMs(double ms) {
    if (ms > 0) std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(ms));
}

}  // namespace pieslicer
