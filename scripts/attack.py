#!/usr/bin/env python3
"""Hostile clients against pieslicer-server (issue #14), one attack at a time.

For each attack: start it, and while it runs measure /ping latency from a fresh
connection (each must answer 200 within PING_LIMIT_MS), upload a normal JPEG (must get
200), and read the server's RSS (must stay under RSS_LIMIT_MB). Exit status 1 if any
check fails; every line printed says what was checked and what was seen.
"""
import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

PING_LIMIT_MS = 100.0
RSS_LIMIT_MB = 400.0
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what, flush=True)
    if not ok:
        failures.append(what)


class Server:
    def __init__(self, binary, extra=(), prefix=()):
        # No model zoo: the attacks are on the HTTP layer, and the zoo's ~1 GB of weights
        # would swamp the RSS bound the attacks are checked against.
        self.proc = subprocess.Popen(list(prefix) + [binary, "--port", "0", "--models", "none"] +
                                     list(extra),
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        if not m:
            raise SystemExit("server did not start: " + line + self.proc.stderr.read())
        self.port = int(m.group(1))

    def rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
        return 0.0

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def connect(port, timeout=5.0):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def exchange(port, data, timeout=5.0):
    s = connect(port, timeout)
    try:
        s.sendall(data)
        out = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not chunk:
                break
            out += chunk
        return out
    finally:
        s.close()


def ping_ms(port):
    start = time.monotonic()
    try:
        answer = exchange(port, b"GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 2.0)
    except OSError:
        return None
    ms = (time.monotonic() - start) * 1e3
    return ms if answer.startswith(b"HTTP/1.1 200") else None


def multipart(fields):
    body = b""
    for name, value in fields:
        filename = b'; filename="x.jpg"' if name == "file" else b""
        body += (b"--b\r\nContent-Disposition: form-data; name=\"" + name.encode() + b"\"" +
                 filename + b"\r\n\r\n" + value + b"\r\n")
    return body + b"--b--\r\n"


def upload_request(image, extra_fields=(), path=b"/pieslicer"):
    body = multipart([("file", image), ("t_sla", b"1000"), ("t_device_prep", b"0"),
                      ("estimated_transfer_time", b"0")] + list(extra_fields))
    return (b"POST " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            b"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: " +
            str(len(body)).encode() + b"\r\n\r\n" + body)


def upload_status(port, image):
    try:
        answer = exchange(port, upload_request(image), 20.0)
    except OSError as e:
        return str(e)
    return answer[:12].decode(errors="replace")


def during(server, name, attack, seconds, image, pings=10):
    """Runs attack(stop_event) in a thread and probes the server meanwhile."""
    stop = threading.Event()
    t = threading.Thread(target=attack, args=(stop,), daemon=True)
    t.start()
    time.sleep(min(1.0, seconds / 3))
    worst, missed, peak = 0.0, 0, 0.0
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline or n < pings:
        ms = ping_ms(server.port)
        if ms is None:
            missed += 1
        else:
            worst = max(worst, ms)
        peak = max(peak, server.rss_mb())
        n += 1
        time.sleep(0.1)
    status = upload_status(server.port, image)
    peak = max(peak, server.rss_mb())
    stop.set()
    t.join(30)
    check(server.alive(), f"{name}: server alive")
    check(missed == 0 and worst < PING_LIMIT_MS,
          f"{name}: {n} pings, worst {worst:.1f} ms, {missed} failed (limit {PING_LIMIT_MS} ms)")
    check(status.startswith("HTTP/1.1 200"), f"{name}: normal upload answered {status!r}")
    check(peak < RSS_LIMIT_MB, f"{name}: peak RSS {peak:.0f} MB (limit {RSS_LIMIT_MB:.0f} MB)")


def drippers(port, count, interval, opening, reconnect):
    """count connections that send `opening`, then one byte every `interval` s; a closed one
    is opened again when `reconnect`, as an attacker would."""
    def open_one():
        try:
            s = connect(port)
            s.sendall(opening)
            return s
        except OSError:
            return None

    def attack(stop):
        socks = [s for s in (open_one() for _ in range(count)) if s]
        while not stop.is_set():
            for s in list(socks):
                try:
                    s.send(b"a")
                except OSError:
                    socks.remove(s)
                    again = open_one() if reconnect else None
                    if again:
                        socks.append(again)
            stop.wait(interval)
        for s in socks:
            s.close()
    return attack


def slow_clients(port, count, interval):
    """Heads dripped a byte at a time."""
    return drippers(port, count, interval, b"POST /pieslicer HTTP/1.1\r\nHost: x\r\nX-Slow: ",
                    reconnect=True)


def slow_bodies(port, count, interval):
    """Heads sent whole, then a declared 1 MB body dripped a byte at a time."""
    head = (b"POST /pieslicer HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
            b"boundary=b\r\nContent-Length: 1000000\r\n\r\n--b")
    return drippers(port, count, interval, head, reconnect=False)


def header_flood(port, connections, megabytes):
    def one(stop):
        try:
            s = connect(port, 10)
            s.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n")
            line = b"X-Flood: " + b"a" * 1000 + b"\r\n"
            chunk = line * 64
            sent = 0
            while sent < megabytes << 20 and not stop.is_set():
                s.sendall(chunk)
                sent += len(chunk)
        except OSError:
            pass  # closed by the server after its 431, as it should

    def attack(stop):
        ts = [threading.Thread(target=one, args=(stop,), daemon=True) for _ in range(connections)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
    return attack


def repeated(port, make_requests):
    def attack(stop):
        while not stop.is_set():
            for data in make_requests():
                try:
                    exchange(port, data, 2.0)
                except OSError:
                    pass
    return attack


SMUGGLING = [
    b"POST /pieslicer HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
    b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /INNER HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST /pieslicer HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
    b"Content-Length: 0\r\nContent-Length: 35\r\n\r\nGET /INNER HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST /pieslicer HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
    b"Transfer-Encoding: identity, chunked\r\nContent-Length: 35\r\n\r\nGET /INNER HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST /pieslicer HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
    b"Content-Encoding: gzip\r\nContent-Length: 35\r\n\r\nGET /INNER HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 35\r\n\r\nGET /INNER HTTP/1.1\r\nHost: x\r\n\r\n",
]


def smuggling_checks(port):
    for i, data in enumerate(SMUGGLING):
        answer = exchange(port, data)
        responses = answer.count(b"HTTP/1.1 ")
        check(responses == 1 and b"/INNER" not in answer and answer[9:10] == b"4",
              f"smuggling case {i + 1}: one 4xx answer, inner request never answered "
              f"(got {answer[:12]!r}, {responses} answers)")


def pipelining_checks(port):
    data = b"GET /ping HTTP/1.1\r\nHost: x\r\n\r\n" * 1004 + \
        b"GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    answer = exchange(port, data, 10.0)
    check(answer.count(b"HTTP/1.1 200") == 1005, f"pipelining: 1005 pings in one write, "
          f"{answer.count(b'HTTP/1.1 200')} answered 200")


def scan_bomb(image):
    """The smallest scan of a progressive JPEG repeated to about 400 KB: libjpeg has no scan
    limit and passes over the whole coefficient buffer for each repetition."""
    first = image.find(b"\xff\xda")
    eoi = image.rfind(b"\xff\xd9")
    starts = [i for i in range(first, eoi) if image[i:i + 2] == b"\xff\xda"] + [eoi]
    scan = min((image[a:b] for a, b in zip(starts, starts[1:])), key=len)
    return image[:first] + scan * max(1, (400 << 10) // len(scan)) + b"\xff\xd9"


def sigterm_check(binary):
    server = Server(binary)
    s = connect(server.port)
    s.sendall(b"POST /pieslicer HTTP/1.1\r\nHost: x\r\n")
    drip = threading.Event()

    def dripper():
        while not drip.is_set():
            try:
                s.send(b"a")
            except OSError:
                return
            drip.wait(0.5)
    t = threading.Thread(target=dripper, daemon=True)
    t.start()
    time.sleep(0.5)
    start = time.monotonic()
    server.proc.send_signal(signal.SIGTERM)
    try:
        server.proc.wait(10)
    except subprocess.TimeoutExpired:
        server.proc.kill()
    took = time.monotonic() - start
    drip.set()
    s.close()
    check(took < 5.0, f"SIGTERM with a dripping client: exited in {took:.2f} s (limit 5 s)")


def user_tasks():
    uid = os.getuid()
    n = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if os.stat(f"/proc/{pid}").st_uid == uid:
                n += len(os.listdir(f"/proc/{pid}/task"))
        except OSError:
            pass
    return n


def thread_limit_check(binary, image):
    """Under a process/thread limit the server must refuse nothing it can serve and never
    abort: it starts all its threads at startup and creates none per connection."""
    prefix = ["prlimit", "--nproc=64:64"]
    scratch = None
    if os.geteuid() != 0:
        # RLIMIT_NPROC counts every task of the user: leave room for 24 more than now.
        prefix = ["prlimit", f"--nproc={user_tasks() + 24}"]
    else:  # root ignores RLIMIT_NPROC: run as nobody, from a copy it may read
        prefix = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] + prefix
        scratch = tempfile.mkdtemp()
        os.chmod(scratch, 0o755)
        binary = shutil.copy(binary, scratch)
        os.chmod(binary, 0o755)
    server = Server(binary, prefix=prefix)
    socks = []
    for _ in range(3000):
        try:
            socks.append(connect(server.port, 2))
        except OSError:
            break
    time.sleep(0.5)
    ms = ping_ms(server.port)
    status = upload_status(server.port, image)
    check(server.alive(), f"thread limit ({prefix[-1]}), {len(socks)} idle connections: server alive")
    check(ms is not None and ms < PING_LIMIT_MS,
          f"thread limit: ping {'failed' if ms is None else f'{ms:.1f} ms'}")
    check(status.startswith("HTTP/1.1 200"), f"thread limit: upload answered {status!r}")
    for s in socks:
        s.close()
    server.stop()
    if scratch:
        shutil.rmtree(scratch, ignore_errors=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--server", required=True)
    p.add_argument("--images", required=True)
    p.add_argument("--seconds", type=float, default=float(os.environ.get("ATTACK_SECONDS", 4)))
    a = p.parse_args()
    image = open(os.path.join(a.images, "chelsea_451x300_q75.jpg"), "rb").read()
    progressive = open(os.path.join(a.images, "rocket_progressive.jpg"), "rb").read()

    server = Server(a.server)
    try:
        base = ping_ms(server.port)
        check(base is not None, f"baseline ping {base} ms")
        during(server, "slow clients x300 (1 byte / 2 s)", slow_clients(server.port, 300, 2.0),
               a.seconds, image)
        during(server, "slow clients x1500, over the connection cap",
               slow_clients(server.port, 1500, 2.0), a.seconds, image)
        during(server, "slow bodies x400 (1 byte / 2 s), over the per-address cap",
               slow_bodies(server.port, 400, 2.0), a.seconds, image)
        during(server, "header flood 4 x 250 MB", header_flood(server.port, 4, 250), a.seconds,
               image)
        smuggling_checks(server.port)
        during(server, "smuggling, repeated", repeated(server.port, lambda: SMUGGLING), a.seconds,
               image)
        pipelining_checks(server.port)
        bomb = scan_bomb(progressive)
        answer = exchange(server.port, upload_request(bomb), 20.0)
        check(answer.startswith(b"HTTP/1.1 422") and b"scans" in answer,
              f"scan bomb ({len(bomb) >> 10} KB): answered {answer[:12]!r}")
        during(server, "scan bombs, repeated",
               repeated(server.port, lambda: [upload_request(bomb)] * 2), a.seconds, image)
    finally:
        server.stop()
    thread_limit_check(a.server, image)
    sigterm_check(a.server)
    print(f"attack.sh: {len(failures)} failed", flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
