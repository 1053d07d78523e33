#include "window/embedded_endpoint.h"

#include <QObject>

#include "server/endpoint_server.h"
#include "server/model_zoo.h"

namespace pieslicer::ui {

std::shared_ptr<ModelZoo> embeddedZoo() {
    // Opening only checks the files; each model loads on a worker thread on first use, never
    // on the GUI thread.
    static const std::shared_ptr<ModelZoo> zoo = [] {
        auto opened = zooFromSpec("all");
        return opened ? opened.value() : std::shared_ptr<ModelZoo>();
    }();
    return zoo;
}

std::unique_ptr<EndpointServer> startEmbeddedEndpoint(QString* error) {
    EndpointConfig ec;
    ec.host = "127.0.0.1";  // nothing outside this machine should reach it
    ec.port = 0;
    ec.threads = 2;
    ec.upload.models = embeddedZoo();
    auto server = std::make_unique<EndpointServer>(ec);
    auto port = server->start();  // binds and returns; serving happens on its own thread
    if (!port) {
        if (error)
            *error = QObject::tr("embedded endpoint failed: %1")
                         .arg(QString::fromStdString(port.error()));
        return nullptr;
    }
    return server;
}

}  // namespace pieslicer::ui
