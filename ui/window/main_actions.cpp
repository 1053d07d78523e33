#include "window/main_actions.h"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenuBar>
#include <QStyle>
#include <QToolBar>

namespace pieslicer::ui {

namespace {

QAction* makeAction(QWidget* owner, const QString& text, const QKeySequence& key,
                    const QString& tip) {
    auto* a = new QAction(text, owner);
    if (!key.isEmpty()) a->setShortcut(key);
    // Tool buttons show no shortcut of their own, so the tip carries it.
    a->setToolTip(
        key.isEmpty() ? tip : QString("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
    a->setStatusTip(tip);
    return a;
}

}  // namespace

void MainActions::setRunning(bool running) const {
    run->setEnabled(!running);
    pause->setEnabled(running);
    stop->setEnabled(running);
    openFolder->setEnabled(!running);
    openExperiment->setEnabled(!running);
    openRecords->setEnabled(!running);
    replay->setEnabled(!running);
}

MainActions createMainActions(QWidget* owner) {
    MainActions a;
    a.openFolder = makeAction(owner, QObject::tr("&Open folder..."), QKeySequence::Open,
                              QObject::tr("Open a folder of images (searched recursively)"));
    a.openExperiment = makeAction(
        owner, QObject::tr("Open &experiment..."), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
        QObject::tr("Reopen a saved experiment: its settings and records, without re-running"));
    a.saveExperiment =
        makeAction(owner, QObject::tr("&Save experiment..."), QKeySequence::Save,
                   QObject::tr("Save the settings and every record as one JSON file"));
    a.exportCsv = makeAction(
        owner, QObject::tr("Export records as &CSV..."), QKeySequence(Qt::CTRL | Qt::Key_E),
        QObject::tr("Write every record as CSV (the prototype's column names)"));
    a.exportAll = makeAction(
        owner, QObject::tr("Export &all (CSV + charts)..."),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
        QObject::tr(
            "Write the CSV, the experiment and every chart as PNG, SVG and PDF into a folder"));
    a.exportSqlite = makeAction(
        owner, QObject::tr("Export records as S&QLite..."), {},
        QObject::tr("Write every record into the prototype's database (its inference_results "
                    "table, then ours; WAL mode): its pandas notebooks read it unchanged"));
    a.openRecords = makeAction(
        owner, QObject::tr("Open &records..."), {},
        QObject::tr("Show the records of a SQLite database (ours or the prototype's), a CSV or "
                    "an experiment, without re-running"));
    a.replay = makeAction(
        owner, QObject::tr("Re&play"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
        QObject::tr("Re-time and re-decide the records shown under the current link, device, "
                    "profile and strategies, without measuring again (replayed, not measured)"));
    a.replay->setIcon(owner->style()->standardIcon(QStyle::SP_BrowserReload));
    a.run = makeAction(owner, QObject::tr("&Run"), QKeySequence(Qt::CTRL | Qt::Key_R),
                       QObject::tr("Measure every image with every selected strategy"));
    a.run->setIcon(owner->style()->standardIcon(QStyle::SP_MediaPlay));
    a.pause = makeAction(owner, QObject::tr("&Pause"), QKeySequence(Qt::CTRL | Qt::Key_P),
                         QObject::tr("Hold before the next request"));
    a.pause->setCheckable(true);
    a.pause->setIcon(owner->style()->standardIcon(QStyle::SP_MediaPause));
    a.stop = makeAction(
        owner, QObject::tr("S&top"), QKeySequence(Qt::CTRL | Qt::Key_Period),
        QObject::tr("Finish the request in flight and end the run, keeping everything measured"));
    a.stop->setIcon(owner->style()->standardIcon(QStyle::SP_MediaStop));
    a.quit = makeAction(owner, QObject::tr("&Quit"), QKeySequence::Quit, QObject::tr("Quit"));
    a.about = makeAction(owner, QObject::tr("&About PieSlicer Dashboard"), {},
                         QObject::tr("About this program and the paper"));
    return a;
}

QMenu* addMenusAndToolBar(QMainWindow* window, const MainActions& a) {
    QMenuBar* menus = window->menuBar();
    auto* file = menus->addMenu(QObject::tr("&File"));
    file->addAction(a.openFolder);
    QMenu* recent = file->addMenu(QObject::tr("Recent &folders"));
    file->addSeparator();
    file->addAction(a.openExperiment);
    file->addAction(a.saveExperiment);
    file->addAction(a.openRecords);
    file->addSeparator();
    file->addAction(a.exportCsv);
    file->addAction(a.exportSqlite);
    file->addAction(a.exportAll);
    file->addSeparator();
    file->addAction(a.quit);
    auto* run = menus->addMenu(QObject::tr("&Run"));
    run->addAction(a.run);
    run->addAction(a.pause);
    run->addAction(a.stop);
    run->addSeparator();
    run->addAction(a.replay);
    auto* view = menus->addMenu(QObject::tr("&View"));
    for (auto* dock : window->findChildren<QDockWidget*>())
        view->addAction(dock->toggleViewAction());
    auto* help = menus->addMenu(QObject::tr("&Help"));
    help->addAction(a.about);
    auto* bar = window->addToolBar(QObject::tr("Main"));
    bar->setObjectName("mainToolBar");  // saveState() finds it by name
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(a.openFolder);
    bar->addSeparator();
    bar->addAction(a.run);
    bar->addAction(a.pause);
    bar->addAction(a.stop);
    bar->addAction(a.replay);
    bar->addSeparator();
    bar->addAction(a.exportAll);
    return recent;
}

}  // namespace pieslicer::ui
