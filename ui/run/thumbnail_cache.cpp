#include "run/thumbnail_cache.h"

#include <QDateTime>
#include <QFileInfo>
#include <QImageReader>
#include <optional>

namespace pieslicer::ui {
namespace {

// How many requests behind the newest a queued job may be and still run: the selected
// image and a few neighbours the user just passed.
constexpr quint64 kKeepBehind = 3;

}  // namespace

ImagePreview makeImagePreview(const QString& path, QSize box) {
    ImagePreview p;
    p.path = path;
    p.facts = probeImageFile(path, QFileInfo(path).absolutePath());
    if (!p.facts.ok()) {
        p.thumbnailError = p.facts.status;
        return p;
    }
    QImageReader reader(path);
    reader.setAutoTransform(true);  // EXIF orientation, as a phone would show it
    const QSize full(p.facts.width, p.facts.height);
    // The scaled size applies before the EXIF rotation: a quarter turn fits the turned box.
    const bool quarterTurn = p.facts.info.exifOrientation >= 5;
    const QSize fitted = full.scaled(quarterTurn ? box.transposed() : box, Qt::KeepAspectRatio);
    if (fitted.width() < full.width()) reader.setScaledSize(fitted);
    p.thumbnail = reader.read();
    if (p.thumbnail.isNull()) {
        p.thumbnailError = reader.errorString();
        return p;
    }
    if (p.thumbnail.width() > box.width() || p.thumbnail.height() > box.height())
        p.thumbnail = p.thumbnail.scaled(box, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return p;
}

ThumbnailCache::ThumbnailCache(QObject* parent, QSize box, int capacity)
    : QObject(parent), box_(box), cache_(capacity) {
    pool_.setMaxThreadCount(2);
    pool_.setThreadPriority(QThread::LowPriority);  // the GUI thread first, on a busy machine
}

ThumbnailCache::~ThumbnailCache() {
    newest_->store(~quint64(0) >> 1);  // every queued job is now far behind: skipped
    pool_.clear();
    pool_.waitForDone();  // a running decode is one thumbnail: short
}

QString ThumbnailCache::keyOf(const QString& path) {
    const QFileInfo f(path);
    return path + QLatin1Char('|') + QString::number(f.lastModified().toMSecsSinceEpoch()) +
           QLatin1Char('|') + QString::number(f.size());
}

const ImagePreview* ThumbnailCache::find(const QString& path) const {
    return cache_.object(keyOf(path));
}

void ThumbnailCache::request(const QString& path) {
    const QString key = keyOf(path);
    if (cache_.contains(key) || inFlight_.contains(key)) return;
    inFlight_.insert(key);
    const quint64 ticket = ++*newest_;
    // `this` outlives the job: the destructor waits for the pool.
    pool_.start([self = this, key, path, ticket, newest = newest_, box = box_] {
        std::optional<ImagePreview> made;
        if (*newest - ticket <= kKeepBehind) made = makeImagePreview(path, box);
        // Back on the GUI thread: the cache and the in-flight set are its alone.
        QMetaObject::invokeMethod(
            self,
            [self, key, path, made = std::move(made)]() mutable {
                self->inFlight_.remove(key);
                if (!made) return;  // skipped: asked for again when selected again
                ++self->made_;
                self->cache_.insert(key, new ImagePreview(std::move(*made)));
                emit self->ready(path);
            },
            Qt::QueuedConnection);
    });
}

}  // namespace pieslicer::ui
