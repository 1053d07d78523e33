#pragma once
// The File menu's dialogs: each asks for a path, hands it to the window and shows
// what went wrong in a message box (the non-interactive paths report through
// return values instead).
namespace pieslicer::ui {

class MainWindow;

void chooseImagesFolder(MainWindow* window);
// These three write on a worker (window/record_writes.h): a refusal to start (another
// write running) is a message box, the outcome goes to the status bar.
void chooseExportFolder(MainWindow* window);
void exportCsvWithDialog(MainWindow* window);
void saveExperimentWithDialog(MainWindow* window);
void openExperimentWithDialog(MainWindow* window);
// Both run on a worker (window/record_jobs.h); a failure to start is a message box, the
// outcome goes to the status bar.
void exportSqliteWithDialog(MainWindow* window);
void openRecordsWithDialog(MainWindow* window);

}  // namespace pieslicer::ui
