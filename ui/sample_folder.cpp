#include "sample_folder.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace pieslicer::ui {

QString defaultImagesFolder() {
    QStringList candidates;
    const QString app = QCoreApplication::applicationDirPath();
    for (const char* rel : {"sample_images", "../sample_images", "../../sample_images",
                            "../share/pieslicer/sample_images"})
        candidates << QDir(app).filePath(rel);
    candidates << QStringLiteral(PIESLICER_SOURCE_DIR "/sample_images");
    for (const auto& c : candidates)
        if (QFileInfo(c).isDir()) return QDir(c).canonicalPath();
    return {};
}

bool folderMissing(const QString& dir) { return dir.isEmpty() || !QFileInfo(dir).isDir(); }

}  // namespace pieslicer::ui
