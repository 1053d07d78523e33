#include "window/settings_dock.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QScrollArea>
#include <QVBoxLayout>

#include "panels/device_panel.h"
#include "panels/endpoint_panel.h"
#include "panels/network_panel.h"
#include "panels/run_panel.h"
#include "window/main_actions.h"

namespace pieslicer::ui {

SettingsPanels addSettingsDock(QMainWindow* window, const MainActions& actions) {
    SettingsPanels p;
    p.endpoint = new EndpointPanel;
    p.network = new NetworkPanel;
    p.device = new DevicePanel;
    p.run = new RunPanel(actions.run, actions.pause, actions.stop);
    auto* panel = new QWidget;
    auto* layout = new QVBoxLayout(panel);
    layout->addWidget(p.run);
    layout->addWidget(p.network);
    layout->addWidget(p.device);
    layout->addWidget(p.endpoint);
    layout->addStretch(1);
    auto* scroll = new QScrollArea;
    scroll->setWidget(panel);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Wide enough for the panels so that only the vertical bar is ever needed.
    scroll->setMinimumWidth(panel->sizeHint().width() + 20);
    auto* dock = new QDockWidget(QObject::tr("Settings"));
    dock->setObjectName("settingsDock");  // saveState() finds it by name
    dock->setWidget(scroll);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
    window->addDockWidget(Qt::LeftDockWidgetArea, dock);
    return p;
}

}  // namespace pieslicer::ui
