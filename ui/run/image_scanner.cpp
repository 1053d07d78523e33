#include "run/image_scanner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QPromise>
#include <QtConcurrent>
#include <algorithm>

#include "image/image_files.h"
#include "image/image_probe.h"

namespace pieslicer::ui {

ImageRow probeImageFile(const QString& path, const QString& root, qint64 maxHeaderBytes) {
    ImageRow row;
    row.path = path;
    row.name = QDir(root).relativeFilePath(path);
    if (row.name.isEmpty() || row.name.startsWith("..")) row.name = QFileInfo(path).fileName();
    QFile f(path);
    row.bytes = QFileInfo(path).size();
    if (!f.open(QIODevice::ReadOnly)) {
        row.status = QObject::tr("unreadable: %1").arg(f.errorString());
        return row;
    }
    QByteArray head = f.read(maxHeaderBytes);
    // The probe checks a JPEG's end-of-image marker (how truncation shows): append the
    // file's last bytes instead of reading it all.
    if (row.bytes > head.size() && f.seek(std::max<qint64>(head.size(), row.bytes - 16)))
        head += f.read(16);
    if (head.isEmpty()) {
        row.status = row.bytes == 0 ? QObject::tr("empty file") : QObject::tr("unreadable");
        return row;
    }
    auto info =
        probeImage(reinterpret_cast<const uint8_t*>(head.constData()), std::size_t(head.size()));
    if (!info) {
        row.status = QString::fromStdString(info.error());
        return row;
    }
    row.info = info.value();
    row.width = info->width;
    row.height = info->height;
    row.format = QString::fromStdString(formatName(info->format));
    auto limits = checkLimits(info.value(), ImageLimits{});
    row.status = limits ? QStringLiteral("ok") : QString::fromStdString(limits.error());
    return row;
}

ImageScanner::ImageScanner(QObject* parent) : QObject(parent) {
    qRegisterMetaType<std::vector<ImageRow>>();
}

ImageScanner::~ImageScanner() {
    if (watcher_) {
        watcher_->cancel();
        watcher_->waitForFinished();  // at shutdown only: the worker stops at the next file
    }
}

void ImageScanner::scan(const QString& dir) {
    if (watcher_) {
        watcher_->disconnect(this);  // old results must not mix with the new folder's
        watcher_->cancel();
        connect(watcher_, &QFutureWatcherBase::finished, watcher_, &QObject::deleteLater);
        watcher_ = nullptr;
    }
    count_ = 0;
    auto error = std::make_shared<QString>();
    auto* w = new QFutureWatcher<Batch>(this);
    watcher_ = w;
    connect(w, &QFutureWatcherBase::resultsReadyAt, this, [this, w](int begin, int end) {
        for (int i = begin; i < end; ++i) {
            const Batch b = w->resultAt(i);
            count_ += int(b.size());
            emit rowsReady(b);
        }
    });
    connect(w, &QFutureWatcherBase::finished, this, [this, w, error] {
        if (watcher_ == w) watcher_ = nullptr;
        w->deleteLater();
        emit finished(count_, *error);
    });
    emit started(dir);
    w->setFuture(QtConcurrent::run([dir, error](QPromise<Batch>& promise) {
        auto files = listImages(dir.toStdString());
        if (!files) {
            *error = QString::fromStdString(files.error());  // read after finished only
            return;
        }
        if (files->empty())
            *error = QObject::tr("no images (jpg, png, webp, bmp, tiff) under %1").arg(dir);
        Batch batch;
        QElapsedTimer since;
        since.start();
        for (const auto& p : files.value()) {
            if (promise.isCanceled()) return;
            batch.push_back(probeImageFile(QString::fromStdString(p.string()), dir));
            if (since.elapsed() > 50) {
                promise.addResult(std::move(batch));
                batch.clear();
                since.restart();
            }
        }
        if (!batch.empty()) promise.addResult(std::move(batch));
    }));
}

}  // namespace pieslicer::ui
