#include "support/support.h"

#include <QDir>
#include <QTest>

#include "image/image_files.h"

namespace pieslicer::test {

std::string sampleImagesDir() { return PIESLICER_SAMPLE_IMAGES; }

std::string sampleImage(const std::string& name) { return sampleImagesDir() + "/" + name; }

std::vector<uint8_t> readSample(const std::string& name) {
    auto bytes = readFileBytes(sampleImage(name));
    if (!bytes) qFatal("cannot read sample %s: %s", name.c_str(), bytes.error().c_str());
    return bytes.value();
}

std::unique_ptr<EndpointServer> startEndpoint(EndpointConfig config) {
    config.host = "127.0.0.1";
    config.port = 0;
    auto server = std::make_unique<EndpointServer>(config);
    auto port = server->start();
    if (!port) qFatal("cannot start endpoint: %s", port.error().c_str());
    return server;
}

QString outputDir() {
    QString dir = qEnvironmentVariable("PIESLICER_TEST_OUTPUT", QDir::tempPath() + "/pieslicer-test-output");
    QDir().mkpath(dir);
    return dir;
}

}  // namespace pieslicer::test
