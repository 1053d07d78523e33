#pragma once
// Stalls of the GUI event loop, for the bench_ui_* harnesses: a 2 ms timer on the GUI
// thread reports each gap between two ticks (the longest is the longest time the loop
// could not react) with the GUI thread's own CPU time in it (on a loaded machine the rest
// of a gap is waiting for a core).
#include <time.h>

#include <QElapsedTimer>
#include <QTimer>
#include <functional>

namespace pieslicer::bench {

inline double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

class GapMeter {
  public:
    using OnGap = std::function<void(double wallMs, double guiCpuMs)>;
    explicit GapMeter(OnGap onGap) : onGap_(std::move(onGap)) {
        clock_.start();
        last_ = clock_.nsecsElapsed();
        lastCpu_ = threadCpuMs();
        tick_.setTimerType(Qt::PreciseTimer);
        tick_.setInterval(2);
        QObject::connect(&tick_, &QTimer::timeout, [this] {
            const qint64 now = clock_.nsecsElapsed();
            const double cpu = threadCpuMs();
            onGap_(double(now - last_) / 1e6, cpu - lastCpu_);
            last_ = now;
            lastCpu_ = cpu;
        });
        tick_.start();
    }

  private:
    OnGap onGap_;
    QElapsedTimer clock_;
    QTimer tick_;
    qint64 last_ = 0;
    double lastCpu_ = 0;
};

}  // namespace pieslicer::bench
