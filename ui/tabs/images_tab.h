#pragma once
// The image folder: a table of every file (name, bytes, size, format, status) and the
// dataset view, CDFs of file size and pixel count like the paper's dataset figures.
#include <QTimer>
#include <QWidget>

#include "run/image_scanner.h"

class QLabel;
class QTableView;
class QLineEdit;

namespace pieslicer::ui {

class ImageTableModel;
class CdfChartWidget;
class ChartPanel;
class ImageDetailPane;
class RecordStore;
class ThumbnailCache;

class ImagesTab : public QWidget {
    Q_OBJECT
  public:
    // `thumbnails` may be shared with other tabs (one is made when none is given).
    explicit ImagesTab(QAction* openAction, QWidget* parent = nullptr,
                       ThumbnailCache* thumbnails = nullptr);
    void scan(const QString& dir);
    // The records whose stages and verdicts the detail pane shows for the selected image.
    void setRecordStore(RecordStore* store);
    ImageDetailPane* detailPane() const { return detail_; }
    QTableView* table() const { return table_; }
    // Selects the image at that row of the table (as shown, sorted).
    void selectRow(int row);
    // Selects the image of that name (relative to the folder); false when the table has none.
    bool selectImage(const QString& name);
    QString folder() const { return folder_; }
    const ImageTableModel* model() const { return model_; }
    bool isScanning() const;
    QList<ChartPanel*> charts() const;

  signals:
    void scanFinished(int count, int usable, const QString& error);

  private:
    void updateCharts();

    QString folder_;
    QLineEdit* path_;
    QLabel* summary_;
    QTableView* table_;
    ImageTableModel* model_;
    ImageScanner* scanner_;
    CdfChartWidget* sizeCdf_;
    CdfChartWidget* pixelCdf_;
    ImageDetailPane* detail_;
};

}  // namespace pieslicer::ui
