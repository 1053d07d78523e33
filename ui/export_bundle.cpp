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
    const BundleResult rest = exportBundleRecords(dir, config, records, scores);
    out.written << rest.written;
    out.errors << rest.errors;
    return out;
}

BundleResult exportBundleRecords(const QString& dir, const DashboardConfig& config,
                                 const RecordColumnsView& records, const BundleScores* scores,
                                 const WriteProgress& progress) {
    BundleResult out;
    if (!QDir().mkpath(dir)) {
        out.errors << QObject::tr("cannot create folder %1").arg(dir);
        return out;
    }
    const std::size_t n = records.size();
    // The two files' progress as one: the CSV is the first half, the JSON the second.
    auto part = [&](std::size_t before) -> WriteProgress {
        if (!progress) return {};
        return [&progress, before, n](std::size_t done, std::size_t) {
            return progress(before + done, 2 * n);
        };
    };
    const QString csv = QDir(dir).filePath("records.csv");
    note(out, csv, exportRecordsCsv(csv, records, part(0)));
    const QString json = QDir(dir).filePath("experiment.pieslicer.json");
    note(out, json, saveExperiment(json, config, records, part(n)));
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
