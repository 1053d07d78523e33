#pragma once
// A cpp-httplib server on 127.0.0.1:<ephemeral> for tests that need an endpoint with
// hand-written behaviour (hostile, slow, turning hostile mid-run). Routes are set on
// server() before start(); the destructor ends endless answers, stops the server and
// joins its thread.
#include <httplib.h>

#include <atomic>
#include <cstddef>
#include <string>
#include <thread>

namespace pieslicer::test {

class LocalHttpServer {
  public:
    LocalHttpServer() = default;
    LocalHttpServer(const LocalHttpServer&) = delete;
    LocalHttpServer& operator=(const LocalHttpServer&) = delete;
    ~LocalHttpServer();

    httplib::Server& server() { return server_; }
    // Binds and listens on a thread; returns once it accepts connections.
    void start();
    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    // Answers with a chunked body that never ends: `chunkBytes` spaces every `pauseMs`,
    // until the client goes or the server stops. Bytes sent are counted in sent().
    void answerEndlessly(httplib::Response& res, std::size_t chunkBytes, int pauseMs);
    std::size_t sent() const { return sent_; }

  private:
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<std::size_t> sent_{0};
};

}  // namespace pieslicer::test
