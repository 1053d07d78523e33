#pragma once
// The File > Recent folders menu: the last folders of images opened, newest first.
#include <QStringList>
#include <functional>

class QMenu;

namespace pieslicer::ui {

class RecentFolders {
  public:
    // `open` is called with the folder the user picks from the menu.
    explicit RecentFolders(std::function<void(const QString&)> open);

    // The menu is created after the window has started, so it is attached later.
    void setMenu(QMenu* menu);
    void setFolders(const QStringList& folders);
    // Moves `dir` to the top, dropping the oldest beyond the limit.
    void add(const QString& dir);
    const QStringList& folders() const { return folders_; }

  private:
    void rebuildMenu();

    std::function<void(const QString&)> open_;
    QMenu* menu_ = nullptr;
    QStringList folders_;
};

}  // namespace pieslicer::ui
