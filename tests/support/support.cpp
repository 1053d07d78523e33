#include "support/support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QDir>
#include <QTest>
#include <filesystem>

#include "image/image_files.h"

namespace pieslicer::test {

std::string sampleImagesDir() { return PIESLICER_SAMPLE_IMAGES; }

std::string sampleImage(const std::string& name) { return sampleImagesDir() + "/" + name; }

QString cliPath() { return QString(PIESLICER_BINARY_DIR) + "/app/pieslicer-cli"; }

std::string copySamples(const QTemporaryDir& tmp, const std::vector<std::string>& names) {
    const std::filesystem::path dir = tmp.filePath("images").toStdString();
    std::filesystem::create_directories(dir);
    for (const auto& name : names) std::filesystem::copy_file(sampleImage(name), dir / name);
    return dir.string();
}

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

int connectLoopback(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

std::string rawExchange(int port, const std::string& request, int timeoutMs) {
    const int fd = connectLoopback(port);
    std::string answer;
    if (fd < 0) return answer;
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == ssize_t(request.size())) {
        char buf[4096];
        pollfd p{fd, POLLIN, 0};
        while (::poll(&p, 1, timeoutMs) > 0) {
            const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0) break;
            answer.append(buf, std::size_t(n));
        }
    }
    ::close(fd);
    return answer;
}

ImageFeatures imageFeatures(double bytes, int width, int height) {
    ImageFeatures f;
    f.bytes = bytes;
    f.width = width;
    f.height = height;
    return f;
}

QString outputDir() {
    QString dir =
        qEnvironmentVariable("PIESLICER_TEST_OUTPUT", QDir::tempPath() + "/pieslicer-test-output");
    QDir().mkpath(dir);
    return dir;
}

}  // namespace pieslicer::test
