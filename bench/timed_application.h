#pragma once
// A QApplication that times every event the GUI thread dispatches at the top level (not
// the nested ones a handler sends), so a harness can say what ran in its longest stalls:
// the receiver's class and object name, the event type, and the GUI thread's CPU time.
#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <vector>

#include "gap_meter.h"

namespace pieslicer::bench {

class TimedApplication : public QApplication {
  public:
    using QApplication::QApplication;

    // Events that took at least this long are kept (0 = timing off); report() lists those of
    // at least reportFromMs (the rest are kept for eventsWithin()).
    double keepFromMs = 0;
    double reportFromMs = 8;

    bool notify(QObject* receiver, QEvent* event) override {
        if (keepFromMs <= 0 || depth_ > 0) return QApplication::notify(receiver, event);
        ++depth_;
        const double cpu0 = threadCpuMs();
        const auto startedAt = std::chrono::steady_clock::now();
        QElapsedTimer wall;
        wall.start();
        const int type = int(event->type());  // the event may be gone after notify
        const char* cls = receiver->metaObject()->className();
        QString name = receiver->objectName();
        // An unnamed timer says little: name it by what owns it.
        if (name.isEmpty() && receiver->parent())
            name = QString("(in %1:%2)")
                       .arg(receiver->parent()->metaObject()->className(),
                            receiver->parent()->objectName());
        const bool handled = QApplication::notify(receiver, event);
        const double ms = double(wall.nsecsElapsed()) / 1e6;
        --depth_;
        if (ms >= keepFromMs)
            slow_.push_back({ms, threadCpuMs() - cpu0, type, QString(cls) + ":" + name, startedAt});
        return handled;
    }

    // The slowest kept events, and per receiver the count and total above the threshold.
    void report(std::size_t top = 12) const {
        std::vector<Slow> s;
        for (const Slow& e : slow_)
            if (e.ms >= reportFromMs) s.push_back(e);
        std::sort(s.begin(), s.end(), [](const Slow& a, const Slow& b) { return a.ms > b.ms; });
        std::printf("  events over %.0f ms       : %zu\n", reportFromMs, s.size());
        for (std::size_t i = 0; i < std::min(top, s.size()); ++i)
            std::printf("    %7.1f ms (CPU %6.1f) event %-4d %s\n", s[i].ms, s[i].cpuMs, s[i].type,
                        qPrintable(s[i].receiver));
        std::map<QString, std::pair<int, double>> byReceiver;
        for (const Slow& e : s) {
            auto& [n, total] = byReceiver[e.receiver + " event " + QString::number(e.type)];
            ++n;
            total += e.cpuMs;
        }
        for (const auto& [key, v] : byReceiver)
            if (v.first > 1)
                std::printf("    %4d x, CPU %7.1f ms total: %s\n", v.first, v.second,
                            qPrintable(key));
    }

    // The kept events that started within [from, to]: what made up one stall, when no single
    // event of it reached reportFromMs.
    void printEventsWithin(std::chrono::steady_clock::time_point from,
                           std::chrono::steady_clock::time_point to) const {
        for (const Slow& e : slow_)
            if (e.startedAt >= from && e.startedAt <= to)
                std::printf("      +%5.1f ms: %5.1f ms (CPU %5.1f) event %-4d %s\n",
                            std::chrono::duration<double, std::milli>(e.startedAt - from).count(),
                            e.ms, e.cpuMs, e.type, qPrintable(e.receiver));
    }

    // Forgets the events kept so far (a harness reporting each phase apart).
    void clear() { slow_.clear(); }

  private:
    struct Slow {
        double ms;
        double cpuMs;
        int type;
        QString receiver;
        std::chrono::steady_clock::time_point startedAt;
    };
    int depth_ = 0;
    std::vector<Slow> slow_;
};

}  // namespace pieslicer::bench
