#pragma once
// The endpoint inside the dashboard, so that it measures something without a server
// being set up first.
#include <QString>
#include <memory>

namespace pieslicer {
class EndpointServer;
class ModelZoo;
}  // namespace pieslicer

namespace pieslicer::ui {

// Serves on 127.0.0.1 at a free port, on its own threads. Returns null (and sets
// `error`) if it cannot bind.
std::unique_ptr<EndpointServer> startEmbeddedEndpoint(QString* error);

// The embedded endpoint's model zoo (real architectures, random weights), one per process;
// null when the build wrote none. Opening it only checks the files: models load on first use.
std::shared_ptr<ModelZoo> embeddedZoo();

}  // namespace pieslicer::ui
