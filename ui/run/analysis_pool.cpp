#include "run/analysis_pool.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <QCoreApplication>
#include <QThread>
#include <QThreadPool>

namespace pieslicer::ui {

QThreadPool* analysisPool() {
    // The application's child: its end waits for a pass still running, as it does for
    // Qt's global pool, before the objects a pass reads are gone.
    static QThreadPool* pool = [] {
        auto* p = new QThreadPool(QCoreApplication::instance());
        p->setMaxThreadCount(QThread::idealThreadCount());
        return p;
    }();
    return pool;
}

void atAnalysisPriority() {
    thread_local bool lowered = false;
    if (lowered) return;
    lowered = true;
    // Linux's nice is per thread (PRIO_PROCESS with a thread id). Failing leaves the thread
    // at the GUI's priority: slower to stay out of its way, nothing worse.
    setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), kAnalysisNice);
}

}  // namespace pieslicer::ui
