#pragma once
// The "Settings" dock: the run, network, device and endpoint panels in one scrolling
// column beside the tabs.
class QMainWindow;

namespace pieslicer::ui {

struct MainActions;
class EndpointPanel;
class NetworkPanel;
class DevicePanel;
class RunPanel;

struct SettingsPanels {
    EndpointPanel* endpoint = nullptr;
    NetworkPanel* network = nullptr;
    DevicePanel* device = nullptr;
    RunPanel* run = nullptr;
};

// Builds the panels and docks them on the left of `window`.
SettingsPanels addSettingsDock(QMainWindow* window, const MainActions& actions);

}  // namespace pieslicer::ui
