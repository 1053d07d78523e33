// Where the cores went during a bench run, from /proc: the CPU time of given processes
// (with their threads) and how busy the whole machine was (other agents included), so a
// throughput that stops growing can be told apart from a machine already full.
#pragma once

#include <sys/types.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

// CPU seconds (user + system) a process has used, 0 once it is gone.
inline double processCpuSeconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(in, line)) return 0;
    std::istringstream fields(line.substr(line.rfind(')') + 2));  // after "pid (comm) "
    std::string f;
    unsigned long long utime = 0, stime = 0;
    for (int i = 3; fields >> f; ++i) {
        if (i == 14) utime = std::stoull(f);
        if (i == 15) {
            stime = std::stoull(f);
            break;
        }
    }
    return double(utime + stime) / double(sysconf(_SC_CLK_TCK));
}

// Busy and total CPU seconds of the whole machine since boot (all cores).
struct MachineCpu {
    double busy = 0, total = 0;
};

inline MachineCpu machineCpu() {
    std::ifstream in("/proc/stat");
    std::string cpu;
    in >> cpu;
    double v[10] = {};
    for (double& x : v) in >> x;
    const double idle = v[3] + v[4];
    double total = 0;
    for (int i = 0; i < 8; ++i) total += v[i];  // guest time is already in user
    const double tick = double(sysconf(_SC_CLK_TCK));
    return {(total - idle) / tick, total / tick};
}

// The pids whose parent is `parent` (nginx's workers under its master).
inline std::vector<pid_t> childrenOf(pid_t parent) {
    std::vector<pid_t> out;
    std::ifstream in("/proc/" + std::to_string(parent) + "/task/" + std::to_string(parent) +
                     "/children");
    for (pid_t p; in >> p;) out.push_back(p);
    return out;
}
