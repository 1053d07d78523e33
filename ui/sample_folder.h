#pragma once
// Where the bundled sample_images/ folder is: next to the executable, one or two
// levels up (build trees, installs), or the source tree compiled in as a fallback.
#include <QString>

namespace pieslicer::ui {

QString defaultImagesFolder();
bool folderMissing(const QString& dir);

}  // namespace pieslicer::ui
