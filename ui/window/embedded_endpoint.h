#pragma once
// The endpoint inside the dashboard, so that it measures something without a server
// being set up first.
#include <QString>
#include <memory>

namespace pieslicer {
class EndpointServer;
}

namespace pieslicer::ui {

// Serves on 127.0.0.1 at a free port, on its own threads. Returns null (and sets
// `error`) if it cannot bind.
std::unique_ptr<EndpointServer> startEmbeddedEndpoint(QString* error);

}  // namespace pieslicer::ui
