#pragma once
// The image behind a record (issue #11 item 4): its thumbnail and header facts, the two
// orders' measured stages side by side, and each strategy's prediction, choice and
// whether it was right. The thumbnail comes from a ThumbnailCache, the breakdown from a
// worker over a snapshot of the records: selecting never waits on a file or a scan.
#include <QFutureWatcher>
#include <QString>
#include <QTimer>
#include <QWidget>

#include "run/image_breakdown.h"

class QLabel;
class QTableWidget;

namespace pieslicer::ui {

class RecordStore;
class ThumbnailCache;

class ImageDetailPane : public QWidget {
    Q_OBJECT
  public:
    // Columns of verdictsTable().
    enum VerdictColumn { Strategy, Repeat, Predicted, Choice, Measured, Verdict };

    // `cache` is shared with other panes (one is made when none is given).
    explicit ImageDetailPane(ThumbnailCache* cache = nullptr, QWidget* parent = nullptr);

    void setStore(RecordStore* store);
    // Where the records' image names (relative paths) are found.
    void setFolder(const QString& folder) { folder_ = folder; }
    QString folder() const { return folder_; }
    // Shows the image of that name (relative to the folder, or an absolute path).
    void showImage(const QString& name);
    QString image() const { return name_; }

    // For tests and the benchmark.
    bool hasThumbnail() const;
    QString factsText() const;
    const QTableWidget* stagesTable() const { return stages_; }
    const QTableWidget* verdictsTable() const { return verdicts_; }
    const ImageBreakdown& breakdown() const { return breakdown_; }
    ThumbnailCache* cache() const { return cache_; }

  signals:
    // The breakdown of the shown image has been computed and shown.
    void breakdownShown();

  private:
    QString pathOf(const QString& name) const;
    void showPreview();
    void startBreakdown();
    void showBreakdown(const ImageBreakdown& b);
    void showFacts();

    ThumbnailCache* cache_;
    RecordStore* store_ = nullptr;
    QString folder_, name_;
    QLabel* thumbnail_;
    QLabel* facts_;
    QTableWidget* stages_;
    QTableWidget* verdicts_;
    QWidget* records_;   // the two tables, when the image has records
    QLabel* noRecords_;  // otherwise why not
    QFutureWatcher<ImageBreakdown> watcher_;
    quint64 generation_ = 0;
    QTimer refresh_;  // coalesces new records of the shown image during a run
    ImageBreakdown breakdown_;
};

}  // namespace pieslicer::ui
