#pragma once
// What the dashboard remembers between sessions (QSettings): the configuration, the
// recent folders, and the window's geometry and dock / tool bar layout.
#include <QStringList>

#include "dashboard_config.h"

class QMainWindow;

namespace pieslicer::ui {

// Restores the geometry and layout of `window` and returns the saved configuration (a
// default one if none was saved) and, in `recentFolders`, the saved recent folders.
DashboardConfig restoreWindowSettings(QMainWindow* window, QStringList* recentFolders);

void saveWindowSettings(const QMainWindow* window, const DashboardConfig& config,
                        const QStringList& recentFolders);

}  // namespace pieslicer::ui
