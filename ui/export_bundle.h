#pragma once
// Writes a run's artefacts into one folder: records.csv, experiment.pieslicer.json and
// every chart as PNG, SVG and PDF (<chart id>.<ext>).
#include <QList>
#include <QString>
#include <QStringList>

#include "experiment_file.h"

namespace pieslicer::ui {

class ChartPanel;

struct BundleResult {
    QStringList written;
    QStringList errors;
    bool ok() const { return errors.isEmpty(); }
};

BundleResult exportBundle(const QString& dir, const ExperimentFile& experiment,
                          const QList<ChartPanel*>& charts);
BundleResult exportCharts(const QString& dir, const QList<ChartPanel*>& charts);

}  // namespace pieslicer::ui
