#pragma once
// Thumbnails and header facts of image files, made on a worker pool and kept in an LRU
// keyed by path, modification time and size (an edited file is made again). The GUI
// thread only asks and is told: request() returns at once, ready() says when a preview
// is in the cache. Jobs still queued for images the user has moved past are dropped, so
// holding an arrow key through a 10,000-image folder never builds a backlog.
#include <QCache>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QSize>
#include <QString>
#include <QThreadPool>
#include <atomic>
#include <memory>

#include "run/image_scanner.h"

namespace pieslicer::ui {

struct ImagePreview {
    QString path;
    ImageRow facts;    // header probe: format, dimensions, progressive, EXIF, quantisation
    QImage thumbnail;  // fits the cache's box, EXIF orientation applied; null when not made
    QString thumbnailError;
};

// Reads the header, checks the limits, then decodes scaled down (JPEG in the DCT domain).
// Any thread; never decodes a file over the limits.
ImagePreview makeImagePreview(const QString& path, QSize box);

class ThumbnailCache : public QObject {
    Q_OBJECT
  public:
    explicit ThumbnailCache(QObject* parent = nullptr, QSize box = {256, 256}, int capacity = 512);
    ~ThumbnailCache() override;

    // The cached preview of the file as it is now on disk, or null.
    const ImagePreview* find(const QString& path) const;
    // Makes the preview on a worker unless cached or already being made; ready() follows.
    // Queued requests more than a few behind the newest are skipped when their turn comes.
    void request(const QString& path);
    QSize box() const { return box_; }
    int cachedCount() const { return cache_.count(); }
    int madeCount() const { return made_; }  // previews decoded so far (cache misses)

  signals:
    void ready(const QString& path);

  private:
    static QString keyOf(const QString& path);

    QSize box_;
    QCache<QString, ImagePreview> cache_;  // LRU by key
    QSet<QString> inFlight_;               // keys
    QThreadPool pool_;
    std::shared_ptr<std::atomic<quint64>> newest_ = std::make_shared<std::atomic<quint64>>(0);
    int made_ = 0;
};

}  // namespace pieslicer::ui
