#pragma once
// Lists a folder's images and probes each header (first 64 KB only) off the GUI
// thread; rows arrive in batches. Unreadable files become rows with a status.
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <vector>

#include "image/image_probe.h"

namespace pieslicer::ui {

struct ImageRow {
    QString path;
    QString name;  // relative to the folder
    qint64 bytes = 0;
    int width = 0;
    int height = 0;
    QString format;
    QString status;  // "ok" or the reason the file cannot be used
    ImageInfo info;  // the header's facts (progressive, EXIF orientation, quantisation)
    bool ok() const { return status == QLatin1String("ok"); }
};

// Probes one file's header; never throws, never reads more than `maxHeaderBytes`.
ImageRow probeImageFile(const QString& path, const QString& root,
                        qint64 maxHeaderBytes = 64 * 1024);

class ImageScanner : public QObject {
    Q_OBJECT
  public:
    explicit ImageScanner(QObject* parent = nullptr);
    ~ImageScanner() override;

    // Cancels any scan in progress and starts on `dir`.
    void scan(const QString& dir);
    bool isScanning() const { return watcher_ != nullptr; }

  signals:
    void started(const QString& dir);
    void rowsReady(const std::vector<pieslicer::ui::ImageRow>& rows);
    void finished(int count, const QString& error);

  private:
    using Batch = std::vector<ImageRow>;
    QFutureWatcher<Batch>* watcher_ = nullptr;  // the current scan's; old ones are cancelled
    int count_ = 0;
};

}  // namespace pieslicer::ui
