#include "export_bundle.h"

#include <QDir>

#include "charts/chart_panel.h"
#include "run/summary_csv.h"

namespace pieslicer::ui {

BundleResult exportCharts(const QString& dir, const QList<ChartPanel*>& charts) {
    BundleResult out;
    if (!QDir().mkpath(dir)) {
        out.errors << QObject::tr("cannot create folder %1").arg(dir);
        return out;
    }
    for (ChartPanel* c : charts)
        for (const char* ext : {"png", "svg", "pdf"}) {
            const QString path = QDir(dir).filePath(c->id() + "." + ext);
            QString err;
            if (c->exportTo(path, &err))
                out.written << path;
            else
                out.errors << err;
        }
    return out;
}

namespace {

void note(BundleResult& out, const QString& path, const Expected<bool>& written) {
    if (written)
        out.written << path;
    else
        out.errors << QString::fromStdString(written.error());
}

}  // namespace

BundleResult exportBundle(const QString& dir, const DashboardConfig& config,
                          const RecordColumnsView& records, const QList<ChartPanel*>& charts,
                          const BundleScores* scores) {
    BundleResult out = exportCharts(dir, charts);
    const QString csv = QDir(dir).filePath("records.csv");
    auto written = exportRecordsCsv(csv, records);
    if (written)
        out.written << csv;
    else
        out.errors << QString::fromStdString(written.error());
    const QString json = QDir(dir).filePath("experiment.pieslicer.json");
    auto saved = saveExperiment(json, config, records);
    if (saved)
        out.written << json;
    else
        out.errors << QString::fromStdString(saved.error());
    if (scores) {
        const QString comparison = QDir(dir).filePath("comparison.csv");
        note(out, comparison, writeScoresCsv(comparison.toStdString(), scores->scores));
        const QString summary = QDir(dir).filePath("summary.json");
        note(out, summary,
             writeSummaryJson(summary.toStdString(), scores->scores, scores->run, scores->options));
    }
    return out;
}

}  // namespace pieslicer::ui
