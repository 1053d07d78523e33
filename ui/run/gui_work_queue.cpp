#include "run/gui_work_queue.h"

#include <QCoreApplication>
#include <QTimer>
#include <algorithm>

namespace pieslicer::ui {

GuiWorkQueue& GuiWorkQueue::instance() {
    static auto* q = new GuiWorkQueue;  // never destroyed: jobs may be removed at exit
    return *q;
}

GuiWorkQueue::GuiWorkQueue() {
    timer_ = new QTimer(QCoreApplication::instance());
    timer_->setSingleShot(true);
    timer_->setTimerType(Qt::PreciseTimer);  // never early: kTickMs is a floor
    QObject::connect(timer_, &QTimer::timeout, [this] { runNext(); });
}

void GuiWorkQueue::add(const void* owner, const QString& name, std::function<void()> job,
                       Priority priority) {
    if (contains(owner)) return;
    Job j{owner, name, std::move(job), priority};
    if (priority == Priority::First) {
        const auto firstNormal = std::find_if(queue_.begin(), queue_.end(), [](const Job& q) {
            return q.priority == Priority::Normal;
        });
        queue_.insert(firstNormal, std::move(j));
    } else {
        queue_.push_back(std::move(j));
    }
    nameTimer();
    if (!running_ && !timer_->isActive()) schedule();
}

void GuiWorkQueue::remove(const void* owner) {
    queue_.erase(std::remove_if(queue_.begin(), queue_.end(),
                                [owner](const Job& j) { return j.owner == owner; }),
                 queue_.end());
    nameTimer();
}

bool GuiWorkQueue::contains(const void* owner) const {
    return std::any_of(queue_.begin(), queue_.end(),
                       [owner](const Job& j) { return j.owner == owner; });
}

void GuiWorkQueue::schedule() {
    if (queue_.empty()) return;
    // Idle for a tick already: at once (in the next pass, after what is posted now).
    const qint64 since = sinceLastJob_.isValid() ? sinceLastJob_.elapsed() : kTickMs;
    timer_->start(int(std::max<qint64>(0, kTickMs - since)));
}

void GuiWorkQueue::runNext() {
    if (queue_.empty()) return;
    Job job = std::move(queue_.front());
    queue_.erase(queue_.begin());
    nameTimer();
    running_ = true;
    job.run();  // may add or remove jobs
    running_ = false;
    sinceLastJob_.start();
    if (!queue_.empty()) timer_->start(kTickMs);
}

void GuiWorkQueue::nameTimer() {
    const QString next = queue_.empty() ? QString() : queue_.front().name;
    if (timer_->objectName() != next) timer_->setObjectName(next);
}

}  // namespace pieslicer::ui
