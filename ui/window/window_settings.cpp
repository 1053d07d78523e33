#include "window/window_settings.h"

#include <QJsonDocument>
#include <QMainWindow>
#include <QSettings>

namespace pieslicer::ui {

DashboardConfig restoreWindowSettings(QMainWindow* window, QStringList* recentFolders) {
    DashboardConfig c;
    QSettings s;
    const auto doc = QJsonDocument::fromJson(s.value("config").toByteArray());
    if (doc.isObject()) c = DashboardConfig::fromJson(doc.object());
    *recentFolders = s.value("recentFolders").toStringList();
    window->restoreGeometry(s.value("geometry").toByteArray());
    window->restoreState(s.value("windowState").toByteArray());
    return c;
}

void saveWindowSettings(const QMainWindow* window, const DashboardConfig& config,
                        const QStringList& recentFolders) {
    QSettings s;
    // One JSON value rather than a key per field: DashboardConfig::fromJson gives any
    // field an older version did not save its default.
    s.setValue("config", QJsonDocument(config.toJson()).toJson(QJsonDocument::Compact));
    s.setValue("recentFolders", recentFolders);
    s.setValue("geometry", window->saveGeometry());
    s.setValue("windowState", window->saveState());
}

}  // namespace pieslicer::ui
