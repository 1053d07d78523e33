#include "window/dropped_item.h"

#include <QFileInfo>
#include <QMimeData>
#include <QUrl>

namespace pieslicer::ui {

std::optional<DroppedItem> droppedItem(const QMimeData* mime) {
    for (const auto& url : mime->urls()) {
        if (!url.isLocalFile()) continue;
        const QFileInfo fi(url.toLocalFile());
        if (fi.fileName().endsWith(".pieslicer.json"))
            return DroppedItem{fi.absoluteFilePath(), true};
        return DroppedItem{fi.isDir() ? fi.absoluteFilePath() : fi.absolutePath(), false};
    }
    return std::nullopt;
}

}  // namespace pieslicer::ui
