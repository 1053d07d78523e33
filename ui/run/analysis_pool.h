#pragma once
// Threads for analysis the window shows when it is ready (the Compare tab's scoring passes,
// the Results table's sorts and filters), at a lower CPU priority than the GUI thread. On a
// 2-core machine a run's producer and a million-record scoring pass can hold both cores; at
// the same priority the GUI thread then waited for one (a 33 ms stall of the Compare tab in
// bench_ui_live at 1M records with 6 ms of its own work in it, issue #15).
class QThreadPool;

namespace pieslicer::ui {

// Lower than the GUI thread: a CFS weight of 110 against its 1024 (nice 10). A pass still
// gets a whole core whenever one is free, so it waits only while the GUI works.
constexpr int kAnalysisNice = 10;

// The pool (made with the application, and gone with it); every task it runs must first
// call atAnalysisPriority().
QThreadPool* analysisPool();

// Lowers the calling thread to kAnalysisNice, once per thread (the pool's threads only do
// such work, so they stay there).
void atAnalysisPriority();

}  // namespace pieslicer::ui
