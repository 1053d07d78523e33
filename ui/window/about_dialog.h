#pragma once
// Help > About: the version, what the dashboard measures and the paper it is based on.
class QWidget;

namespace pieslicer::ui {

void showAboutDialog(QWidget* parent);

}  // namespace pieslicer::ui
