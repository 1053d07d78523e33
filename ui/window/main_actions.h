#pragma once
// The window's commands as QActions, shared by the menus, the tool bar, the run panel
// and the Images tab so that a shortcut, a tool tip or an enabled state is set once.
class QAction;
class QMainWindow;
class QMenu;
class QWidget;

namespace pieslicer::ui {

struct MainActions {
    QAction* openFolder = nullptr;
    QAction* openExperiment = nullptr;
    QAction* saveExperiment = nullptr;
    QAction* exportCsv = nullptr;
    QAction* exportAll = nullptr;     // CSV, experiment and every chart
    QAction* exportSqlite = nullptr;  // the prototype's database
    QAction* openRecords = nullptr;   // SQLite, CSV or an experiment's records
    QAction* replay = nullptr;        // re-time the records under the current settings
    QAction* run = nullptr;
    QAction* pause = nullptr;
    QAction* stop = nullptr;
    QAction* quit = nullptr;
    QAction* about = nullptr;

    // A run in flight owns the records and the folder, so nothing may replace them.
    void setRunning(bool running) const;
};

// Creates the actions (owned by `owner`) with their shortcuts, tips and icons; the
// caller connects them.
MainActions createMainActions(QWidget* owner);

// Adds the File / Run / View / Help menus and the main tool bar; returns the empty
// "Recent folders" sub-menu for the caller to fill. Call after the docks exist: the
// View menu lists them.
QMenu* addMenusAndToolBar(QMainWindow* window, const MainActions& actions);

}  // namespace pieslicer::ui
