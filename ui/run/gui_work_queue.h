#pragma once
// One piece of heavy GUI-thread work per turn of the event loop, kTickMs apart: a record
// batch's delivery (RecordFeed) and each chart's redraw (ChartPanel). Qt runs every timer
// that is due in one pass and then every event they posted (a chart's scene updates and
// layout come after its redraw as posted events), so a delivery and a chart's redraw whose
// timers fell due together made one stall of both (16-23 ms in bench_ui_live, issue #15).
// Through this queue they take turns, and the loop reacts in between.
#include <QElapsedTimer>
#include <QString>
#include <functional>
#include <vector>

class QTimer;

namespace pieslicer::ui {

class GuiWorkQueue {
  public:
    // The application's queue (its timer belongs to the application). GUI thread only.
    static GuiWorkQueue& instance();

    enum class Priority { Normal, First };
    // Queues `job` for `owner` (at most one each: a second add keeps the first's place).
    // First goes ahead of every Normal job (deliveries before redraws: a redraw of data
    // about to grow is wasted). `name` names the queue's timer while the job is next, so an
    // event-loop trace says what a slow tick ran.
    void add(const void* owner, const QString& name, std::function<void()> job,
             Priority priority = Priority::Normal);
    void remove(const void* owner);
    bool contains(const void* owner) const;

    // Least time from the end of one job to the start of the next.
    static constexpr int kTickMs = 11;

  private:
    GuiWorkQueue();
    void runNext();
    void schedule();
    void nameTimer();

    struct Job {
        const void* owner;
        QString name;
        std::function<void()> run;
        Priority priority;
    };
    std::vector<Job> queue_;
    QTimer* timer_ = nullptr;
    QElapsedTimer sinceLastJob_;
    bool running_ = false;  // a job's own adds wait for its end to be scheduled
};

}  // namespace pieslicer::ui
