// The link model on a virtual clock, over the whole range a researcher can reach: every
// cell of uplink 0.5-100 Mbit/s x RTT 5-300 ms x 1 KB-20 MB (issue #9: a relay that
// capped bytes in flight made 2-9 MB uploads at 52 Mbit/s, 93 ms arrive 2x late, and tests
// that covered only small bandwidth-delay products passed).
#include <QTest>
#include <cmath>

#include "net/delivery_trace.h"
#include "net/path_model.h"
#include "net/transfer_time.h"
#include "support/link_reference.h"

using namespace pieslicer;
using Micros = std::chrono::microseconds;
using test::idealDeliveryMs;
using test::slowStartReferenceMs;

namespace {

const double kRatesMbps[] = {0.5, 2, 8, 32, 52, 100};
const double kRttsMs[] = {5, 20, 93, 200, 300};
const double kSizes[] = {1e3, 10e3, 100e3, 1e6, 5e6, 20e6};

PathParams path(double mbps, double rttMs, TcpModel tcp, std::size_t queueBytes = 0) {
    LinkShape s;
    s.uplinkBitsPerSecond = mbps * 1e6;
    s.rttMs = rttMs;
    s.tcp = tcp;
    s.queueBytes = queueBytes;
    return PathParams::uplinkOf(s, Micros(0));
}

}  // namespace

class PathModelTest : public QObject {
    Q_OBJECT

  private slots:
    void idealLinkDeliversAtBytesOverRatePlusHalfRttInEveryCell() {
        int cells = 0;
        double worst = 0;
        for (double mbps : kRatesMbps)
            for (double rtt : kRttsMs)
                for (double bytes : kSizes) {
                    PathModel model(path(mbps, rtt, TcpModel::Ideal));
                    const double got = modelledDeliveryMs(model, Micros(1000), std::size_t(bytes));
                    const double want = idealDeliveryMs(bytes, mbps, rtt);
                    const double err = std::abs(got - want) / want;
                    if (bytes >= 10e3) worst = std::max(worst, err);
                    ++cells;
                    QVERIFY2(bytes < 10e3 || err <= 0.03,
                             qPrintable(QString("%1 B at %2 Mbit/s, %3 ms: %4 ms, expected %5 ms")
                                            .arg(bytes)
                                            .arg(mbps)
                                            .arg(rtt)
                                            .arg(got)
                                            .arg(want)));
                }
        qInfo("%d cells, worst error from 10 KB up %.3f%%", cells, worst * 100);
    }

    void aNewConnectionAddsTheHandshakeRtt() {
        PathModel model(path(8, 93, TcpModel::Ideal));
        model.holdUntil(Micros(93000));
        const double got = modelledDeliveryMs(model, Micros(0), 100000);
        QCOMPARE(std::round(got), std::round(93 + idealDeliveryMs(100000, 8, 93)));
    }

    void aFiniteQueueHoldsTheSenderBackWithoutSlowingTheLink() {
        // A 30-packet queue: the sender waits for room, the link never idles.
        PathModel model(path(52, 93, TcpModel::Ideal, 30 * 1500));
        const double got = modelledDeliveryMs(model, Micros(0), 2000000);
        QVERIFY(std::abs(got - idealDeliveryMs(2e6, 52, 93)) < 1.0);
    }

    void linuxSlowStartMatchesTheRoundByRoundReference() {
        double worst = 0;
        for (double mbps : {8.0, 32.0, 52.0, 100.0})
            for (double rtt : {20.0, 93.0, 200.0})
                for (double bytes : {100e3, 300e3, 1e6, 5e6, 20e6}) {
                    PathModel model(path(mbps, rtt, TcpModel::Linux));
                    const double got = modelledDeliveryMs(model, Micros(0), std::size_t(bytes));
                    const double want = slowStartReferenceMs(bytes, mbps, rtt);
                    const double err = std::abs(got - want) / want;
                    worst = std::max(worst, err);
                    QVERIFY2(err <= 0.10,
                             qPrintable(QString("%1 B at %2 Mbit/s, %3 ms: %4 ms, reference %5 ms")
                                            .arg(bytes)
                                            .arg(mbps)
                                            .arg(rtt)
                                            .arg(got)
                                            .arg(want)));
                    // And slow start never beats the full pipe.
                    QVERIFY(got >= idealDeliveryMs(bytes, mbps, rtt) - 0.01);
                }
        qInfo("worst error against the round-by-round reference %.2f%%", worst * 100);
    }

    void theClosedFormPredictionsUseAgreesWithTheModel() {
        for (TcpModel tcp : {TcpModel::Ideal, TcpModel::Linux})
            for (double mbps : kRatesMbps)
                for (double rtt : kRttsMs)
                    for (double bytes : kSizes) {
                        PathModel model(path(mbps, rtt, tcp));
                        const double sim = modelledDeliveryMs(model, Micros(0), std::size_t(bytes));
                        const double closed = uploadDeliveryMs(bytes, mbps * 1e6, rtt, tcp);
                        QVERIFY2(std::abs(sim - closed) <= std::max(0.5, sim * 0.01),
                                 qPrintable(QString("%1 %2 B at %3 Mbit/s, %4 ms: %5 vs %6 ms")
                                                .arg(tcpModelName(tcp))
                                                .arg(bytes)
                                                .arg(mbps)
                                                .arg(rtt)
                                                .arg(sim)
                                                .arg(closed)));
                    }
    }

    void slowStartCostsRoundTripsOnAFastLongLink() {
        // The example: 52 Mbit/s, 93 ms. 30 KB needs a second window (IW is 14.5 KB),
        // so one more RTT; 2 MB needs several.
        PathModel small(path(52, 93, TcpModel::Linux));
        QVERIFY(modelledDeliveryMs(small, Micros(0), 30000) > idealDeliveryMs(30000, 52, 93) + 90);
        PathModel big(path(52, 93, TcpModel::Linux));
        QVERIFY(modelledDeliveryMs(big, Micros(0), 2000000) >
                idealDeliveryMs(2e6, 52, 93) + 3 * 93);
    }

    void theWindowRestartsAfterAnIdleRto() {
        PathModel model(path(100, 20, TcpModel::Linux));
        const double first = modelledDeliveryMs(model, Micros(0), 5000000);
        // Grow the window with that 5 MB upload, up to its last ACK.
        std::vector<PathModel::Segment> out;
        model.write(5000000);
        model.advance(Micros(0), out);
        while (model.unsentBytes() > 0) model.advance(model.nextWakeup(), out);
        const Micros lastAck = out.back().deliverAt + Micros(10000);
        model.advance(lastAck, out);
        const std::size_t grown = model.window().cwndSegments();
        QVERIFY(grown > 200);
        // Back to back: the window is kept (at most halved once), the next upload is faster.
        const double again = modelledDeliveryMs(model, lastAck + Micros(1000), 5000000);
        QVERIFY2(again < first * 0.9, qPrintable(QString("%1 vs %2").arg(again).arg(first)));
        // Seconds later (idle for many RTOs of 220 ms) it starts from the initial window.
        PathModel idle = model;
        std::vector<PathModel::Segment> one;
        idle.write(1448);
        idle.advance(lastAck + Micros(5'000'000), one);
        QCOMPARE(idle.window().cwndSegments(), TcpWindow::kInitialSegments);
        // A forced restart (each photo's upload, the default) does so at once.
        PathModel cold = model;
        cold.restartWindow();
        QCOMPARE(cold.window().cwndSegments(), TcpWindow::kInitialSegments);
        QVERIFY(std::abs(modelledDeliveryMs(cold, lastAck + Micros(1000), 5000000) - first) < 1);
    }

    void aConstantTraceOfOnePacketPerMsIs12Mbit() {
        auto trace = DeliveryTrace::parse("1\n", "constant");
        QVERIFY(trace.ok());
        QCOMPARE(trace->meanBitsPerSecond(), 12e6);
        for (TcpModel tcp : {TcpModel::Ideal, TcpModel::Linux}) {
            PathParams p = path(0, 40, tcp);
            p.trace = std::make_shared<const DeliveryTrace>(trace.value());
            PathModel model(p);
            const double got = modelledDeliveryMs(model, Micros(0), 3000000);
            const double want = tcp == TcpModel::Ideal ? idealDeliveryMs(3e6, 12, 40)
                                                       : slowStartReferenceMs(3e6, 12, 40);
            QVERIFY2(std::abs(got - want) / want <= 0.03,
                     qPrintable(QString("%1: %2 ms, expected %3 ms")
                                    .arg(tcpModelName(tcp))
                                    .arg(got)
                                    .arg(want)));
        }
    }

    void aStepTraceDeliversAtEachPhaseRate() {
        // 1 s at 12 Mbit/s (one packet a ms), then 1 s at 1.2 Mbit/s (one every 10 ms).
        std::string text;
        for (int ms = 1; ms <= 1000; ++ms) text += std::to_string(ms) + "\n";
        for (int ms = 1010; ms <= 2000; ms += 10) text += std::to_string(ms) + "\n";
        auto trace = DeliveryTrace::parse(text, "step");
        QVERIFY(trace.ok());
        QCOMPARE(trace->periodMs(), int64_t(2000));
        QVERIFY(std::abs(trace->bitsPerSecondOver(0, 1000) - 12e6) < 1);
        QVERIFY(std::abs(trace->bitsPerSecondOver(1000, 2000) - 1.2e6) < 1);
        QVERIFY(std::abs(trace->bitsPerSecondOver(2000, 3000) - 12e6) < 1);  // it loops
        PathParams p = path(0, 0, TcpModel::Ideal);
        p.trace = std::make_shared<const DeliveryTrace>(trace.value());
        PathModel fast(p);
        QVERIFY(std::abs(modelledDeliveryMs(fast, Micros(0), 150000) - 100) <= 2);
        PathModel slow(p);
        QVERIFY(std::abs(modelledDeliveryMs(slow, Micros(1'000'000), 15000) - 100) <= 11);
    }

    void theShippedTracesHaveTheirStatedRates() {
        const std::string dir = std::string(PIESLICER_SOURCE_DIR) + "/resources/traces/";
        auto constant = DeliveryTrace::load(dir + "constant-12mbit.trace");
        QVERIFY2(constant.ok(), constant.ok() ? "" : constant.error().c_str());
        QCOMPARE(constant->meanBitsPerSecond(), 12e6);
        auto step = DeliveryTrace::load(dir + "step-10x.trace");
        QVERIFY(step.ok());
        QVERIFY(std::abs(step->bitsPerSecondOver(0, 10000) - 24e6) < 0.01e6);
        QVERIFY(std::abs(step->bitsPerSecondOver(10000, 20000) - 2.4e6) < 0.01e6);
        auto square = DeliveryTrace::load(dir + "square-32-4mbit.trace");
        QVERIFY(square.ok());
        QVERIFY(std::abs(square->bitsPerSecondOver(0, 1000) - 32e6) < 0.05e6);
        QVERIFY(std::abs(square->bitsPerSecondOver(1000, 2000) - 4e6) < 0.05e6);
        auto walk = DeliveryTrace::load(dir + "cellular-walk.trace");
        QVERIFY(walk.ok());
        QCOMPARE(walk->periodMs(), int64_t(60000));
        for (int s = 0; s < 60; ++s) {  // it wanders, within its bounds
            const double r = walk->bitsPerSecondOver(s * 1000, s * 1000 + 1000);
            QVERIFY(r >= 0.9e6 && r <= 51e6);
        }
    }

    void badTracesAreErrorsWithTheLine() {
        QVERIFY(!DeliveryTrace::parse("", "empty").ok());
        QVERIFY(!DeliveryTrace::parse("0\n", "zero").ok());
        auto words = DeliveryTrace::parse("1\n2\nfast\n", "words");
        QVERIFY(!words.ok());
        QVERIFY(words.error().find("line 3") != std::string::npos);
        QVERIFY(!DeliveryTrace::parse("5\n3\n", "backwards").ok());
        QVERIFY(!DeliveryTrace::parse("-4\n", "negative").ok());
        QVERIFY(!DeliveryTrace::parse("1\n9000000000000000000\n", "overflow").ok());
        QVERIFY(!DeliveryTrace::parse("1\n99999999999999999999999\n", "too long").ok());
        QVERIFY(!DeliveryTrace::load("/nonexistent/trace").ok());
        // Several packets in one millisecond are several lines with the same time.
        auto burst = DeliveryTrace::parse("2\n2\n2\n2\n", "burst");
        QVERIFY(burst.ok());
        QCOMPARE(burst->meanBitsPerSecond(), 4 * 12e6 / 2);
    }
};

QTEST_GUILESS_MAIN(PathModelTest)
#include "test_path_model.moc"
