#include "window/recent_folders.h"

#include <QAction>
#include <QDir>
#include <QMenu>

namespace pieslicer::ui {

namespace {
constexpr int kMaxRecentFolders = 8;
}

RecentFolders::RecentFolders(std::function<void(const QString&)> open) : open_(std::move(open)) {}

void RecentFolders::setMenu(QMenu* menu) {
    menu_ = menu;
    rebuildMenu();
}

void RecentFolders::setFolders(const QStringList& folders) {
    folders_ = folders;
    rebuildMenu();
}

void RecentFolders::add(const QString& dir) {
    folders_.removeAll(dir);
    folders_.prepend(dir);
    while (folders_.size() > kMaxRecentFolders) folders_.removeLast();
    rebuildMenu();
}

void RecentFolders::rebuildMenu() {
    if (!menu_) return;
    menu_->clear();
    for (const auto& d : folders_) {
        auto* a = menu_->addAction(QDir::toNativeSeparators(d));
        QObject::connect(a, &QAction::triggered, menu_, [this, d] { open_(d); });
    }
    menu_->setEnabled(!folders_.isEmpty());
}

}  // namespace pieslicer::ui
