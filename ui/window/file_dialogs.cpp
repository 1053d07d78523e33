#include "window/file_dialogs.h"

#include <QDir>
#include <QFileDialog>
#include <QMessageBox>

#include "experiment_file.h"
#include "main_window.h"
#include "tabs/images_tab.h"
#include "window/record_jobs.h"
#include "window/record_writes.h"

namespace pieslicer::ui {

namespace {
QString experimentFilter() {
    return QObject::tr("PieSlicer experiments (*.pieslicer.json *.json)");
}
}  // namespace

void chooseImagesFolder(MainWindow* window) {
    const QString dir = QFileDialog::getExistingDirectory(
        window, QObject::tr("Open a folder of images"), window->imagesTab()->folder());
    if (!dir.isEmpty()) window->openFolder(dir);
}

void chooseExportFolder(MainWindow* window) {
    const QString dir = QFileDialog::getExistingDirectory(
        window, QObject::tr("Export CSV and charts into"), QDir::homePath());
    QString err;
    if (!dir.isEmpty() && !window->recordWrites()->exportAll(dir, &err))
        QMessageBox::warning(window, QObject::tr("Export"), err);
}

void exportCsvWithDialog(MainWindow* window) {
    const QString path = QFileDialog::getSaveFileName(
        window, QObject::tr("Export records"), "pieslicer-records.csv", QObject::tr("CSV (*.csv)"));
    QString err;
    if (!path.isEmpty() && !window->recordWrites()->exportCsv(path, &err))
        QMessageBox::warning(window, QObject::tr("Export"), err);
}

void saveExperimentWithDialog(MainWindow* window) {
    const QString path = QFileDialog::getSaveFileName(
        window, QObject::tr("Save experiment"), "experiment.pieslicer.json", experimentFilter());
    QString err;
    if (!path.isEmpty() && !window->recordWrites()->saveExperiment(path, &err))
        QMessageBox::warning(window, QObject::tr("Save experiment"), err);
}

void openExperimentWithDialog(MainWindow* window) {
    const QString path = QFileDialog::getOpenFileName(window, QObject::tr("Open experiment"), {},
                                                      experimentFilter());
    QString err;
    if (!path.isEmpty() && !window->recordJobs()->openExperiment(path, &err))
        QMessageBox::warning(window, QObject::tr("Open experiment"), err);
}

void exportSqliteWithDialog(MainWindow* window) {
    const QString path = QFileDialog::getSaveFileName(
        window, QObject::tr("Export records as SQLite"), "pieslicer-records.db",
        QObject::tr("SQLite databases (*.db *.sqlite)"));
    QString err;
    if (!path.isEmpty() && !window->recordJobs()->exportSqlite(path, &err))
        QMessageBox::warning(window, QObject::tr("Export SQLite"), err);
}

void openRecordsWithDialog(MainWindow* window) {
    const QString path = QFileDialog::getOpenFileName(
        window, QObject::tr("Open records"), {},
        QObject::tr("Records (*.db *.sqlite *.csv *.json);;All files (*)"));
    QString err;
    if (!path.isEmpty() && !window->recordJobs()->openRecords(path, &err))
        QMessageBox::warning(window, QObject::tr("Open records"), err);
}

}  // namespace pieslicer::ui
