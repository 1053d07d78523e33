#pragma once
// What dropping files on the window opens: a saved experiment, or a folder of images.
#include <QString>
#include <optional>

class QMimeData;

namespace pieslicer::ui {

struct DroppedItem {
    QString path;
    bool isExperiment = false;  // else `path` is a folder of images
};

// Only the first local file or folder counts: the window shows one folder at a time.
// A dropped image opens the folder it is in. Nullopt if nothing local was dropped.
std::optional<DroppedItem> droppedItem(const QMimeData* mime);

}  // namespace pieslicer::ui
