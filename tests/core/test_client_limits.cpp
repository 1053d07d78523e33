// The client against a hostile endpoint (issue #14 item 11): an answer streamed without
// end fails at the response cap with an error naming it, the client's memory stays
// bounded, and a transfer in flight stops promptly when the cancel flag is set.
#include <sys/resource.h>

#include <QTest>
#include <atomic>
#include <chrono>
#include <thread>

#include "net/endpoint_client.h"
#include "support/local_http_server.h"

using namespace pieslicer;

namespace {

long maxRssKb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

// A server on 127.0.0.1 whose every answer is a chunked body that never ends: each
// chunk `chunkBytes` long, sent every `pauseMs`.
class EndlessServer {
  public:
    EndlessServer(std::size_t chunkBytes, int pauseMs) {
        auto endless = [this, chunkBytes, pauseMs](const httplib::Request&,
                                                   httplib::Response& res) {
            http_.answerEndlessly(res, chunkBytes, pauseMs);
        };
        http_.server().Get("/ping", endless);
        http_.server().Post("/pieslicer", endless);
        http_.start();
    }
    std::string url() const { return http_.url(); }
    std::size_t sent() const { return http_.sent(); }

  private:
    test::LocalHttpServer http_;
};

std::unique_ptr<EndpointClient> clientOf(const ClientConfig& config) {
    auto client = EndpointClient::create(config);
    if (!client) qFatal("%s", client.error().c_str());
    return std::move(client.value());
}

}  // namespace

class ClientLimitsTest : public QObject {
    Q_OBJECT

  private slots:
    void endlessAnswerFailsAtTheCapWithBoundedMemory_issue14_data() {
        QTest::addColumn<bool>("throughLinkEmulator");
        QTest::newRow("direct") << false;
        QTest::newRow("through the link emulator") << true;
    }
    void endlessAnswerFailsAtTheCapWithBoundedMemory_issue14() {
        QFETCH(bool, throughLinkEmulator);
        EndlessServer hostile(64 * 1024, 0);
        ClientConfig config;
        config.endpointUrl = hostile.url();
        config.emulateLink = throughLinkEmulator;
        config.maxAttempts = 3;  // a capped answer is not worth another attempt
        auto client = clientOf(config);
        client->setLink(LinkShape{1e9, 0, 2});
        const long rssBefore = maxRssKb();

        const auto ping = client->ping();
        QVERIFY(!ping.ok());
        QVERIFY2(QString::fromStdString(ping.error()).contains("longer than the 1 MiB"),
                 ping.error().c_str());

        const std::vector<uint8_t> image(1000, 0xff);
        UploadForm form;
        form.bytes = &image;
        const auto upload = client->upload(form);
        QVERIFY(!upload.ok());
        QVERIFY2(QString::fromStdString(upload.error()).contains("1 MiB"), upload.error().c_str());
        QVERIFY2(!QString::fromStdString(upload.error()).contains("attempts"),
                 upload.error().c_str());

        // Before the cap the client grew with the answer (2.15 GB for 1.5 GB streamed); now
        // it holds at most the cap, whatever the endpoint sent until it saw the close.
        // Under AddressSanitizer freed buffers wait in its quarantine (up to 256 MB) and its
        // shadow memory grows with them: a looser bound there, still far below unbounded.
#if defined(__SANITIZE_ADDRESS__)
        constexpr long kGrowthLimitKb = 160 * 1024;
#else
        constexpr long kGrowthLimitKb = 32 * 1024;
#endif
        const long grownKb = maxRssKb() - rssBefore;
        QVERIFY2(grownKb < kGrowthLimitKb, qPrintable(QString("grew %1 KB").arg(grownKb)));
        QVERIFY(hostile.sent() < std::size_t(256) << 20);
    }

    void smallerCapIsNamedInTheError_issue14() {
        EndlessServer hostile(1000, 0);
        ClientConfig config;
        config.endpointUrl = hostile.url();
        config.emulateLink = false;
        config.maxResponseBytes = 4096;
        auto client = clientOf(config);
        const auto ping = client->ping();
        QVERIFY(!ping.ok());
        QVERIFY2(QString::fromStdString(ping.error()).contains("4 KiB"), ping.error().c_str());
    }

    // A trickle just above the low-speed limit would hold the request for the whole
    // 300 s total timeout; the cancel flag (set by the CLI's signal handler) ends it now.
    void cancelFlagStopsATransferInFlightPromptly_issue14_data() {
        QTest::addColumn<bool>("throughLinkEmulator");
        QTest::newRow("direct") << false;
        QTest::newRow("through the link emulator") << true;
    }
    void cancelFlagStopsATransferInFlightPromptly_issue14() {
        QFETCH(bool, throughLinkEmulator);
        EndlessServer trickle(200, 100);
        std::atomic<bool> cancel{false};
        ClientConfig config;
        config.endpointUrl = trickle.url();
        config.emulateLink = throughLinkEmulator;
        config.cancel = &cancel;
        auto client = clientOf(config);
        client->setLink(LinkShape{1e9, 0, 2});

        std::thread canceller([&] {
            while (trickle.sent() < 1000) std::this_thread::sleep_for(std::chrono::milliseconds(5));
            cancel = true;
        });
        const auto start = std::chrono::steady_clock::now();
        const auto ping = client->ping();
        const auto cancelledAt = std::chrono::steady_clock::now();
        canceller.join();
        QVERIFY(!ping.ok());
        QVERIFY2(QString::fromStdString(ping.error()).contains("cancelled"), ping.error().c_str());
        // Transfer mid-way when cancelled (bytes had arrived), over within seconds rather
        // than the 300 s the trickle could last: a correctness bound, not a speed target.
        QVERIFY(trickle.sent() >= 1000);
        const auto seconds = std::chrono::duration<double>(cancelledAt - start).count();
        QVERIFY2(seconds < 10, qPrintable(QString::number(seconds)));
    }
};

QTEST_GUILESS_MAIN(ClientLimitsTest)
#include "test_client_limits.moc"
