// scripts/replicas.sh (issue #13, item 4): two pieslicer-server replicas behind Debian's
// nginx answer uploads; one killed with SIGKILL while uploads are in flight costs no request
// (nginx passes it on to the other replica, the client never retries); SIGTERM stops nginx
// and every replica; a replica that cannot start stops the script with nothing left behind.
// Skipped when nginx is not installed (scripts/setup.sh installs nginx-light).
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <csignal>
#include <fstream>
#include <thread>

#include "net/endpoint_client.h"
#include "support/support.h"
#include "util/clock.h"

using namespace pieslicer;

namespace {

struct Replica {
    std::string url;
    pid_t pid = -1;
};

std::vector<Replica> readReplicas(const QString& runDir) {
    std::vector<Replica> out;
    std::ifstream in((runDir + "/replicas.txt").toStdString());
    for (Replica r; in >> r.url >> r.pid;) out.push_back(r);
    return out;
}

pid_t readPid(const QString& file) {
    pid_t pid = -1;
    std::ifstream(file.toStdString()) >> pid;
    return pid;
}

bool alive(pid_t pid) { return pid > 0 && ::kill(pid, 0) == 0; }

int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

// SIGTERM on every way out of a test, a failed QVERIFY included: QProcess's destructor would
// SIGKILL the script, which then could not stop nginx and the replicas.
struct TerminateOnExit {
    QProcess& process;
    ~TerminateOnExit() {
        if (process.state() == QProcess::NotRunning) return;
        process.terminate();
        process.waitForFinished(10000);
    }
};

QString script() { return QString(PIESLICER_SOURCE_DIR) + "/scripts/replicas.sh"; }

bool nginxInstalled() {
    return !QStandardPaths::findExecutable("nginx").isEmpty() ||
           !QStandardPaths::findExecutable("nginx", {"/usr/sbin", "/usr/local/sbin"}).isEmpty();
}

// replicas.sh finds nginx on PATH; Debian puts it in /usr/sbin.
QProcessEnvironment withSbin() {
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("PATH", env.value("PATH") + ":/usr/sbin:/usr/local/sbin");
    return env;
}

}  // namespace

class ReplicasTest : public QObject {
    Q_OBJECT
  private slots:
    void init() {
        if (!nginxInstalled()) QSKIP("nginx is not installed (scripts/setup.sh installs it)");
    }

    void aKilledReplicaLosesNoUpload() {
        QTemporaryDir runDir;
        QProcess replicas;
        TerminateOnExit stop{replicas};
        replicas.setProcessEnvironment(withSbin());
        replicas.start("bash",
                       {script(), "2", "--port", QString::number(freePort()), "--build",
                        PIESLICER_BINARY_DIR, "--run-dir", runDir.path(), "--", "--threads", "1"});
        QString banner;
        for (int i = 0; i < 150 && !banner.startsWith("replicas: nginx on"); ++i) {
            replicas.waitForReadyRead(100);
            if (replicas.canReadLine()) banner = QString::fromUtf8(replicas.readLine());
        }
        QVERIFY2(banner.startsWith("replicas: nginx on"),
                 qPrintable(banner + replicas.readAllStandardError()));
        const std::string url =
            banner.section(' ', 3, 3).remove(',').toStdString();  // "http://127.0.0.1:P"
        const auto started = readReplicas(runDir.path());
        QCOMPARE(started.size(), std::size_t(2));
        const pid_t nginx = readPid(runDir.path() + "/nginx.pid");
        QVERIFY(alive(nginx));

        // 4 clients x 6 uploads, each a single attempt; the first replica is killed once 6
        // uploads have been answered, while others are in flight.
        const auto jpeg = test::readSample("mosaic_1024x768_q92.jpg");
        std::atomic<int> answered{0}, ok{0};
        std::atomic<bool> killed{false};
        std::vector<std::string> failures(4);
        std::vector<std::thread> clients;
        for (int c = 0; c < 4; ++c)
            clients.emplace_back([&, c] {
                ClientConfig cc;
                cc.endpointUrl = url;
                cc.emulateLink = false;
                cc.maxAttempts = 1;
                auto client = EndpointClient::create(cc);
                if (!client) return void(failures[c] = client.error());
                UploadForm form;
                form.bytes = &jpeg;
                for (int i = 0; i < 6; ++i) {
                    const auto r = client.value()->upload(form);
                    if (r && r->httpStatus == 200)
                        ++ok;
                    else
                        failures[c] = r ? "HTTP " + std::to_string(r->httpStatus) : r.error();
                    if (++answered >= 6 && !killed.exchange(true))
                        ::kill(started.front().pid, SIGKILL);
                }
            });
        for (auto& t : clients) t.join();
        for (const auto& f : failures) QVERIFY2(f.empty(), f.c_str());
        QCOMPARE(ok.load(), 24);
        QVERIFY(killed.load());
        sleepMs(100);
        QVERIFY(!alive(started.front().pid));
        QVERIFY(alive(started.back().pid));

        // SIGTERM: the script stops nginx and the surviving replica, and waits for them.
        replicas.terminate();
        QVERIFY(replicas.waitForFinished(10000));
        QCOMPARE(replicas.exitStatus(), QProcess::NormalExit);
        QCOMPARE(replicas.exitCode(), 0);
        QVERIFY(!alive(nginx));
        for (const auto& r : started) QVERIFY(!alive(r.pid));
    }

    void aReplicaThatCannotStartStopsEverything() {
        QTemporaryDir runDir;
        QProcess replicas;
        TerminateOnExit stop{replicas};
        replicas.setProcessEnvironment(withSbin());
        replicas.start("bash", {script(), "2", "--port", QString::number(freePort()), "--build",
                                PIESLICER_BINARY_DIR, "--run-dir", runDir.path(), "--", "--threads",
                                "0"});  // refused by pieslicer-server
        QVERIFY(replicas.waitForFinished(15000));
        QCOMPARE(replicas.exitCode(), 1);
        const QString err = replicas.readAllStandardError();
        QVERIFY2(err.contains("replica 0 did not start") && err.contains("--threads"),
                 qPrintable(err));
        QVERIFY(!QFile::exists(runDir.path() + "/nginx.pid"));
        for (const auto& r : readReplicas(runDir.path())) QVERIFY(!alive(r.pid));
    }
};

QTEST_GUILESS_MAIN(ReplicasTest)
#include "test_replicas.moc"
