#include "support/local_http_server.h"

#include <chrono>

namespace pieslicer::test {

LocalHttpServer::~LocalHttpServer() {
    stopping_ = true;
    if (!thread_.joinable()) return;
    server_.stop();
    thread_.join();
}

void LocalHttpServer::start() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void LocalHttpServer::answerEndlessly(httplib::Response& res, std::size_t chunkBytes, int pauseMs) {
    res.set_chunked_content_provider(
        "application/json", [this, chunkBytes, pauseMs](std::size_t, httplib::DataSink& sink) {
            const std::string chunk(chunkBytes, ' ');
            if (pauseMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(pauseMs));
            if (stopping_) return false;
            sent_ += chunk.size();
            return sink.write(chunk.data(), chunk.size());
        });
}

}  // namespace pieslicer::test
