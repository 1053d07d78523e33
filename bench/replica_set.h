// scripts/replicas.sh run by a bench: N pieslicer-server replicas behind nginx on a free
// loopback port, stopped (SIGTERM: the script stops nginx and every replica) by stop(),
// which also checks that none of them is left running.
#pragma once

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "util/clock.h"

struct Replica {
    std::string url;
    pid_t pid = -1;
};

// A port free on 127.0.0.1 now (nginx needs a fixed one; it is taken a moment later).
inline int freeLoopbackPort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = 0;
    if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
        port = ntohs(a.sin_port);
    close(fd);
    return port;
}

inline bool processAlive(pid_t pid) { return pid > 0 && kill(pid, 0) == 0; }

class ReplicaSet {
  public:
    // Starts `script N --port P --build B --run-dir D -- serverArgs`; url() is empty when
    // nginx did not come up within 30 s (error() says why).
    ReplicaSet(const std::string& script, const std::string& build, int n,
               const std::vector<std::string>& serverArgs) {
        char dir[] = "/tmp/pieslicer-bench-replicas.XXXXXX";
        if (!mkdtemp(dir)) return;
        runDir_ = dir;
        const int port = freeLoopbackPort();
        const std::string out = runDir_ + "/out.txt";
        std::fflush(stdout);  // or the child would print our pending output a second time
        pid_ = fork();
        if (pid_ == 0) {
            // Its output goes to a file: a pipe closed by us would kill it with SIGPIPE.
            const int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0) _exit(127);
            std::vector<std::string> args = {
                "bash",    script, std::to_string(n), "--port", std::to_string(port),
                "--build", build,  "--run-dir",       runDir_,  "--"};
            args.insert(args.end(), serverArgs.begin(), serverArgs.end());
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            execvp("bash", argv.data());
            _exit(127);
        }
        const auto start = pieslicer::SteadyClock::now();
        while (pieslicer::msSince(start) < 30000) {
            std::ifstream in(runDir_ + "/out.txt");
            for (std::string line; std::getline(in, line);)
                if (line.rfind("replicas: nginx on ", 0) == 0) {
                    url_ = line.substr(19, line.find(',') - 19);
                    break;
                }
            if (!url_.empty() || waitpid(pid_, nullptr, WNOHANG) == pid_) break;
            pieslicer::sleepMs(50);
        }
        if (url_.empty()) error_ = "replicas.sh did not start nginx (see " + runDir_ + ")";
    }
    ~ReplicaSet() { stop(); }
    ReplicaSet(const ReplicaSet&) = delete;
    ReplicaSet& operator=(const ReplicaSet&) = delete;

    const std::string& url() const { return url_; }
    const std::string& error() const { return error_; }

    // "URL PID" per replica, as replicas.sh wrote them.
    std::vector<Replica> replicas() const {
        std::vector<Replica> out;
        std::ifstream in(runDir_ + "/replicas.txt");
        for (Replica r; in >> r.url >> r.pid;) out.push_back(r);
        return out;
    }

    // Requests nginx had to pass to another replica so far: its error log's lines about a
    // replica that failed (refused the connection, or closed it before answering).
    int upstreamFailures() const {
        std::ifstream in(runDir_ + "/error.log");
        int n = 0;
        for (std::string line; std::getline(in, line);)
            if (line.find("upstream") != std::string::npos) ++n;
        return n;
    }

    // nginx's master process (its pid file), -1 before it wrote one.
    pid_t nginxPid() const {
        pid_t pid = -1;
        std::ifstream(runDir_ + "/nginx.pid") >> pid;
        return pid;
    }

    // Stops the script; true when nginx and every replica it started are gone too.
    bool stop() {
        if (pid_ <= 0) return stopped_;
        const auto replicas = this->replicas();
        const pid_t nginx = nginxPid();
        kill(pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
        pid_ = -1;
        stopped_ = !processAlive(nginx);
        for (const auto& r : replicas) stopped_ = stopped_ && !processAlive(r.pid);
        if (stopped_) std::system(("rm -rf '" + runDir_ + "'").c_str());
        return stopped_;
    }

  private:
    pid_t pid_ = -1;
    std::string runDir_, url_, error_;
    bool stopped_ = false;
};
