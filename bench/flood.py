#!/usr/bin/env python3
"""Flood and soak scenarios against a running Pollux, each while a probe client measures what an
ordinary client gets. Started by bench/flood, which starts the server; Python 3 standard library only.

    flood.py run --pid PID --port PORT --metrics URL --log FILE [options]   the scenarios and the report
    flood.py probe ...                                                       (child) paced Gemini requests
    flood.py attack KIND ...                                                 (child) one kind of attack

Every child process is bounded in time and connection count and stops by itself; the orchestrator waits
for it and ends only the children it started, by PID. Traffic goes to loopback addresses only.
"""

import argparse
import asyncio
import ipaddress
import json
import os
import queue
import random
import resource
import socket
import ssl
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

MIB = 1024 * 1024
PROBE_SOURCE = "127.0.0.10"
ATTACK_SOURCE_BASE = "127.1.0.1"  # attackers use 127.1.0.1, 127.1.0.2, ...: never the probe's address


def loopback_only(host):
    if not ipaddress.ip_address(host).is_loopback:
        sys.exit(f"flood.py: {host} is not a loopback address; this tool only loads loopback")
    return host


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def client_tls():
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # Gemini clients trust on first use; nothing to verify against here
    return context


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(fraction * len(ordered))) - 1))]


# ---------------------------------------------------------------------------------------------- probe

def probe_main(args):
    """Sequential Gemini requests over full TLS (a new connection and handshake each), one every
    --interval seconds, from the probe's own source address; prints one JSON line."""
    loopback_only(args.host)
    context = client_tls()
    url = f"gemini://{args.sni}:{args.port}{args.path}\r\n".encode()
    latencies, errors, requests = [], {}, 0
    deadline = time.monotonic() + args.duration
    next_start = time.monotonic()
    while time.monotonic() < deadline:
        requests += 1
        started = time.perf_counter()
        outcome = probe_once(args, context, url)
        elapsed = time.perf_counter() - started
        if outcome == "ok":
            latencies.append(elapsed * 1000)
        else:
            errors[outcome] = errors.get(outcome, 0) + 1
        next_start = max(next_start + args.interval, time.monotonic())
        time.sleep(max(0.0, min(next_start, deadline) - time.monotonic()))
    print(json.dumps({"requests": requests, "ok": len(latencies), "errors": errors,
                      "p50_ms": percentile(latencies, 0.50), "p99_ms": percentile(latencies, 0.99),
                      "max_ms": max(latencies, default=float("nan"))}), flush=True)


def probe_once(args, context, url):
    """One request: 'ok' for a 20 header and a body of the expected size ended by close_notify, else why not."""
    started = time.monotonic()
    raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        raw.settimeout(args.timeout)
        raw.bind((args.source, 0))
        try:
            raw.connect((args.host, args.port))
        except OSError as e:
            return "connect_timeout" if isinstance(e, socket.timeout) else "connect_error"
        try:
            tls = context.wrap_socket(raw, server_hostname=args.sni, suppress_ragged_eofs=False)
        except socket.timeout:
            return "handshake_timeout"
        except (OSError, ssl.SSLError):
            return "handshake_error"
        raw = tls
        tls.sendall(url)
        received = bytearray()
        while True:
            if time.monotonic() - started > args.timeout:
                return "timeout"
            try:
                chunk = tls.recv(65536)
            except socket.timeout:
                return "timeout"
            except ssl.SSLEOFError:
                return "cut"  # closed without close_notify: the server cut the response
            except (OSError, ssl.SSLError):
                return "read_error"
            if not chunk:
                break
            received += chunk
        header, _, body = bytes(received).partition(b"\r\n")
        if not header.startswith(b"20 "):
            return "status_" + header[:2].decode("ascii", "replace") if header else "no_header"
        if args.expect_bytes >= 0 and len(body) != args.expect_bytes:
            return "body_size"
        return "ok"
    finally:
        raw.close()


# ---------------------------------------------------------------------------------------------- attack

class Attack:
    """COUNT connection slots of one KIND. Each slot keeps one connection open; when the server closes it,
    the slot opens another (a flood keeps its pressure), after a pause, until the deadline or its attempt
    budget is spent. Slot i connects from source address i // per_address, so that no address exceeds the
    per-client limit unless asked to."""

    def __init__(self, args):
        self.args = args
        self.loop = asyncio.get_running_loop()
        self.context = client_tls()
        base = int(ipaddress.ip_address(ATTACK_SOURCE_BASE))
        addresses = (args.count + args.per_address - 1) // args.per_address
        self.sources = [str(ipaddress.ip_address(base + i)) for i in range(addresses)]
        for source in self.sources:
            loopback_only(source)
        self.started = time.monotonic()
        self.ready_at = None
        self.deadline = self.started + args.ramp_timeout + args.hold
        self.first_up = set()
        self.open_now = 0
        self.open_peak = 0
        self.counts = {}
        self.lifetimes = []          # of connections the server closed after being admitted
        self.statuses = {}
        self.read_bytes = []         # per slow reader, bytes of body received
        self.handshake_concurrency = asyncio.Semaphore(args.ramp_concurrency)
        self.writers = set()
        self.sockets = set()

    def count(self, key, n=1):
        self.counts[key] = self.counts.get(key, 0) + n

    def remaining(self):
        return max(0.0, self.deadline - time.monotonic())

    def up(self, slot):
        self.open_now += 1
        self.open_peak = max(self.open_peak, self.open_now)
        if slot not in self.first_up:
            self.first_up.add(slot)
            if len(self.first_up) == self.args.count:
                self.mark_ready()

    def mark_ready(self):
        if self.ready_at is None:
            self.ready_at = time.monotonic()
            self.deadline = self.ready_at + self.args.hold
            print(f"READY {len(self.first_up)} {self.ready_at - self.started:.1f}", flush=True)

    async def run(self):
        slots = [asyncio.ensure_future(self.slot(i)) for i in range(self.args.count)]
        ramp_end = self.started + self.args.ramp_timeout
        while self.ready_at is None and time.monotonic() < ramp_end:
            await asyncio.sleep(0.1)
        self.mark_ready()
        await asyncio.sleep(self.remaining())
        # every slot watches the deadline itself and ends its connection; whatever is left is aborted
        _, pending = await asyncio.wait(slots, timeout=5)
        for writer in list(self.writers):
            writer.transport.abort()
        for sock in list(self.sockets):
            sock.close()
        if pending:
            self.count("slots_late", len(pending))
            await asyncio.wait(pending, timeout=5)
        for task in slots:
            task.cancel()
        lifetimes = self.lifetimes
        result = {
            "kind": self.args.kind, "slots": self.args.count, "addresses": len(self.sources),
            "per_address": self.args.per_address, "ready": len(self.first_up),
            "ready_after_s": round((self.ready_at or time.monotonic()) - self.started, 1),
            "open_peak": self.open_peak, "counts": self.counts, "statuses": self.statuses,
            "closed_by_server_lifetime_s": {
                "n": len(lifetimes), "p10": percentile(lifetimes, 0.1), "median": percentile(lifetimes, 0.5),
                "p90": percentile(lifetimes, 0.9)} if lifetimes else None,
        }
        if self.read_bytes:
            got = [n for n, _ in self.read_bytes]
            result["reader_bytes"] = {"min": min(got), "median": statistics.median(got), "max": max(got), "total": sum(got),
                                      "rate_median": statistics.median(n / max(0.001, t) for n, t in self.read_bytes)}
        print("RESULT " + json.dumps(result), flush=True)

    async def slot(self, index):
        source = self.sources[index // self.args.per_address]
        attempts = 0
        while self.remaining() > 1.0 and attempts < self.args.max_attempts:
            attempts += 1
            self.count("attempts")
            try:
                lifetime = await self.connection(index, source)
            except asyncio.CancelledError:
                raise
            except Exception as e:  # one failed connection is a figure, not a crash
                self.count("error_" + type(e).__name__)
                lifetime = 0.0
            # closed at once (refused at accept, or failed): back off; closed later: reconnect soon
            await asyncio.sleep(min(self.remaining(), (1.0 if lifetime < 1.0 else 0.05) * random.uniform(0.5, 1.5)))

    async def connect(self, source):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        if self.args.kind == "reader":
            # a small receive window, as a slow client on a real network has: the server's queue fills sooner
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self.args.reader_rcvbuf)
        sock.bind((source, 0))
        try:
            await asyncio.wait_for(self.loop.sock_connect(sock, (self.args.host, self.args.port)),
                                   timeout=min(10.0, self.remaining() + 0.1))
        except BaseException:
            sock.close()
            raise
        return sock

    async def connection(self, slot, source):
        """One connection of this attack's kind; returns its lifetime if the server closed it, else a large number."""
        if self.args.kind == "tcp":
            return await self.idle_tcp(slot, source)
        if self.args.kind == "reader":
            return await self.slow_reader(slot, source)
        async with self.handshake_concurrency:
            sock = await self.connect(source)
            opened = time.monotonic()
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(
                    sock=sock, ssl=self.context, server_hostname=self.args.sni, limit=16 * 1024,
                    ssl_handshake_timeout=30), timeout=max(0.1, min(30.0, self.remaining())))
            except (asyncio.TimeoutError, OSError, ssl.SSLError, EOFError) as e:
                sock.close()
                self.count("handshake_failed_at_once" if time.monotonic() - opened < 1.0 else "handshake_failed_later")
                self.count("handshake_error_" + type(e).__name__)
                return time.monotonic() - opened
        self.count("handshakes")
        self.writers.add(writer)
        try:
            if self.args.kind == "tls":
                return await self.idle_tls(slot, opened, reader)
            return await self.slowloris(slot, opened, reader, writer)
        finally:
            self.writers.discard(writer)
            writer.transport.abort()

    async def idle_tcp(self, slot, source):
        sock = await self.connect(source)
        opened = time.monotonic()
        self.count("connected")
        self.sockets.add(sock)
        self.up(slot)
        try:
            data = await asyncio.wait_for(self.loop.sock_recv(sock, 1), timeout=self.remaining())
            return self.server_closed(opened, "" if not data else "sent_data")
        except asyncio.TimeoutError:
            self.count("held_to_end")
            return 1e9
        except OSError:
            return self.server_closed(opened, "reset")
        finally:
            self.open_now -= 1
            self.sockets.discard(sock)
            sock.close()

    def server_closed(self, opened, how=""):
        lifetime = time.monotonic() - opened
        if lifetime < 1.0:
            self.count("closed_at_once" + (f"_{how}" if how else ""))
        else:
            self.count("closed_by_server" + (f"_{how}" if how else ""))
            self.lifetimes.append(round(lifetime, 2))
        return lifetime

    async def idle_tls(self, slot, opened, reader):
        self.up(slot)
        try:
            data = await asyncio.wait_for(reader.read(1024), timeout=self.remaining())
            return self.server_closed(opened, "" if not data else "sent_data")
        except asyncio.TimeoutError:
            self.count("held_to_end")
            return 1e9
        except (OSError, ssl.SSLError):
            return self.server_closed(opened, "error")
        finally:
            self.open_now -= 1

    async def slowloris(self, slot, opened, reader, writer):
        """The request line a byte at a time, one every --byte-interval seconds, watching for the server's answer."""
        self.up(slot)
        line = f"gemini://{self.args.sni}:{self.args.port}/index.gmi\r\n".encode()
        try:
            for sent in range(len(line)):
                writer.write(line[sent:sent + 1])
                await writer.drain()
                try:
                    data = await asyncio.wait_for(reader.read(1024), timeout=min(self.args.byte_interval, self.remaining()))
                except asyncio.TimeoutError:
                    if self.remaining() <= 0:
                        self.count("held_to_end")
                        return 1e9
                    continue
                if data:
                    status = data[:2].decode("ascii", "replace")
                    self.statuses[status] = self.statuses.get(status, 0) + 1
                self.count("bytes_sent_before_close", sent + 1)
                return self.server_closed(opened, "answered" if data else "")
            self.count("completed_line")
            return 1e9
        except (OSError, ssl.SSLError):
            return self.server_closed(opened, "error")
        finally:
            self.open_now -= 1

    async def slow_reader(self, slot, source):
        """Requests the large file, then takes its bytes off the socket at --reader-rate bytes per second until the
        deadline. TLS runs over memory buffers here, so that nothing reads ahead: the only buffer on this side is
        the socket's receive buffer (--reader-rcvbuf), as for a client at the end of a slow link."""
        async with self.handshake_concurrency:
            sock = await self.connect(source)
            opened = time.monotonic()
            tls = TlsOverSocket(self.loop, sock, self.context, self.args.sni)
            try:
                await asyncio.wait_for(tls.handshake(), timeout=max(0.1, min(30.0, self.remaining())))
            except (asyncio.TimeoutError, OSError, ssl.SSLError, EOFError) as e:
                sock.close()
                self.count("handshake_failed_at_once" if time.monotonic() - opened < 1.0 else "handshake_failed_later")
                self.count("handshake_error_" + type(e).__name__)
                return time.monotonic() - opened
        self.count("handshakes")
        self.sockets.add(sock)
        got, started, header, is_up = 0, time.monotonic(), b"", False
        try:
            await tls.send(f"gemini://{self.args.sni}:{self.args.port}{self.args.reader_path}\r\n".encode())
            taken = 0  # bytes taken off the socket, TLS records included
            while self.remaining() > 0:
                allowance = self.args.reader_rate * (time.monotonic() - started) - taken
                if is_up and allowance < 1024:
                    await asyncio.sleep(min(0.05, self.remaining()))
                    continue
                size = int(min(max(allowance, 1024), 16384)) if is_up else 16384
                try:
                    ciphertext = await asyncio.wait_for(self.loop.sock_recv(sock, size), timeout=self.remaining())
                except asyncio.TimeoutError:
                    break
                taken += len(ciphertext)
                plaintext, ending = tls.receive(ciphertext)
                if not is_up:
                    header += plaintext
                    if b"\n" in header or ending:
                        status = header[:2].decode("ascii", "replace") or "none"
                        self.statuses[status] = self.statuses.get(status, 0) + 1
                        if status != "20":
                            return self.server_closed(opened, "status")
                        got = len(header.partition(b"\n")[2])
                        is_up, started, taken = True, time.monotonic(), 0
                        self.up(slot)
                else:
                    got += len(plaintext)
                if ending:
                    # close_notify: the server says the body is complete; none: it cut the body
                    self.count("reader_saw_" + ending)
                    return self.server_closed(opened, ending)
            self.count("held_to_end")
            return 1e9
        except (OSError, ssl.SSLError) as e:
            self.count("reader_error_" + type(e).__name__)
            return self.server_closed(opened, "error")
        finally:
            if is_up:
                self.open_now -= 1
                self.read_bytes.append((got, time.monotonic() - started))
            self.sockets.discard(sock)
            sock.close()


class TlsOverSocket:
    """A TLS client over a non-blocking socket through memory buffers: every byte it reads is one asked for."""

    def __init__(self, loop, sock, context, sni):
        self.loop, self.sock = loop, sock
        self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.tls = context.wrap_bio(self.incoming, self.outgoing, server_hostname=sni)

    async def flush(self):
        pending = self.outgoing.read()
        if pending:
            await self.loop.sock_sendall(self.sock, pending)

    async def handshake(self):
        while True:
            try:
                self.tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                await self.flush()
                data = await self.loop.sock_recv(self.sock, 16384)
                if not data:
                    raise EOFError("closed during the handshake")
                self.incoming.write(data)
        await self.flush()

    async def send(self, data):
        self.tls.write(data)
        await self.flush()

    def receive(self, ciphertext):
        """(plaintext, ending): ending is '' while the connection goes on, 'close_notify' or 'cut' when it ended."""
        if ciphertext:
            self.incoming.write(ciphertext)
        else:
            self.incoming.write_eof()
        plaintext = bytearray()
        while True:
            try:
                chunk = self.tls.read(65536)
            except ssl.SSLWantReadError:
                return bytes(plaintext), ""
            except ssl.SSLZeroReturnError:
                return bytes(plaintext), "close_notify"
            except (ssl.SSLEOFError, ssl.SSLSyscallError):
                return bytes(plaintext), "cut"
            if not chunk:
                return bytes(plaintext), "close_notify"
            plaintext += chunk


def attack_main(args):
    loopback_only(args.host)
    raise_fd_limit()
    asyncio.run(run_attack(args))


async def run_attack(args):
    await Attack(args).run()


# ---------------------------------------------------------------------------------------------- sampling

def read_rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def read_tcp_mem_kib():
    """Memory in the kernel's TCP socket buffers, all sockets of the machine (/proc/net/sockstat, in pages)."""
    with open("/proc/net/sockstat") as sockstat:
        for line in sockstat:
            if line.startswith("TCP:"):
                fields = line.split()
                return int(fields[fields.index("mem") + 1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    return 0


def read_cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def scrape(url, timeout=5.0):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        text = response.read().decode()
    metrics = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.rpartition(" ")
            try:
                metrics[key] = float(value)
            except ValueError:
                pass
    return metrics


class Sampler:
    """Samples the server's RSS (every 0.2 s) and its Prometheus endpoint (every second) on two threads,
    keeping timestamped samples so that each scenario can take peaks over its own window."""

    def __init__(self, pid, url):
        self.pid, self.url = pid, url
        self.rss = []        # (t, KiB)
        self.scrapes = []    # (t, metrics or None, seconds taken)
        self.tcp_mem = []    # (t, KiB): the kernel's TCP buffers, whole machine
        self.stopping = threading.Event()
        for target in (self._rss_loop, self._scrape_loop):
            threading.Thread(target=target, daemon=True).start()

    def _rss_loop(self):
        while not self.stopping.wait(0.2):
            try:
                self.rss.append((time.monotonic(), read_rss_kib(self.pid)))
                self.tcp_mem.append((time.monotonic(), read_tcp_mem_kib()))
            except OSError:
                return

    def _scrape_loop(self):
        while not self.stopping.wait(1.0):
            started = time.monotonic()
            try:
                metrics = scrape(self.url)
            except Exception:
                metrics = None
            self.scrapes.append((started, metrics, time.monotonic() - started))

    def window(self, start, end):
        rss = [kib for t, kib in list(self.rss) if start <= t <= end]
        scrapes = [(m, took) for t, m, took in list(self.scrapes) if start <= t <= end]
        good = [m for m, _ in scrapes if m is not None]
        tcp_mem = [kib for t, kib in list(self.tcp_mem) if start <= t <= end]
        return {
            "rss_peak_kib": max(rss, default=0),
            "tcp_mem_peak_kib": max(tcp_mem, default=0),
            "direct_peak": max((m.get('jvm_buffer_memory_used_bytes{id="direct"}', 0) for m in good), default=0),
            "active_peak": max((m.get("pollux_connections_active", 0) for m in good), default=0),
            "heap_committed_peak": max((heap_committed(m) for m in good), default=0),
            "scrapes": len(scrapes), "scrapes_failed": len(scrapes) - len(good),
            "scrape_slowest_s": max((took for _, took in scrapes), default=0.0),
        }

    def stop(self):
        self.stopping.set()


def heap_committed(metrics):
    return sum(v for k, v in metrics.items() if k.startswith("jvm_memory_committed_bytes{") and 'area="heap"' in k)


def counters(metrics, prefix):
    """{label text: value} of every series whose name is prefix."""
    found = {}
    for key, value in metrics.items():
        name, _, labels = key.partition("{")
        if name == prefix:
            found[labels.rstrip("}")] = value
    return found


def delta(before, after, prefix):
    b, a = counters(before, prefix), counters(after, prefix)
    return {k: int(round(a[k] - b.get(k, 0))) for k in a if round(a[k] - b.get(k, 0)) != 0}


def gc_pauses(before, after):
    """GC pauses in the window, by kind (minor, major): count and seconds."""
    kinds = {}
    for name in ("jvm_gc_pause_seconds_count", "jvm_gc_pause_seconds_sum"):
        b, a = counters(before, name), counters(after, name)
        for labels, value in a.items():
            kind = "major" if "major" in labels else "minor"
            entry = kinds.setdefault(kind, [0, 0.0])
            entry[0 if name.endswith("count") else 1] += value - b.get(labels, 0)
    shown = [f"{kind} {int(count)} ({seconds:.2f} s)" for kind, (count, seconds) in sorted(kinds.items()) if count]
    return ", ".join(shown) or "none"


def short_labels(changes, label):
    if not changes:
        return "none"
    parts = []
    for labels, value in sorted(changes.items()):
        tag = labels
        for item in labels.split(","):
            if item.startswith(label + "="):
                tag = item.split("=", 1)[1].strip('"')
        parts.append(f"{tag}={value}")
    return " ".join(parts)


# ---------------------------------------------------------------------------------------------- orchestration

class Child:
    """A child process of this script (probe or attack) whose stdout lines are collected on a thread."""

    def __init__(self, argv):
        self.process = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
        self.lines = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_line(self, prefix, timeout):
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                return None
            if line is None:
                self.lines.put(None)
                return None
            if line.startswith(prefix):
                return line

    def finish(self, timeout):
        """Waits for the child to end by itself; past timeout, ends it (this child only, by its PID)."""
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class LogWatch:
    """The server's log lines written during a window: WARN and ERROR counted, bytes added."""

    def __init__(self, path):
        self.path = path
        self.offset = os.path.getsize(path) if path else 0

    def since_mark(self):
        if not self.path:
            return None
        with open(self.path, "rb") as log:
            log.seek(self.offset)
            raw = log.read()
        self.offset += len(raw)
        text = raw.decode("utf-8", "replace")
        lines = text.splitlines()
        flagged = [line for line in lines if " WARN " in line or " ERROR " in line]
        traces = sum(1 for line in lines if line.startswith("\tat ") or "Exception" in line)
        first = []
        for line in flagged:
            message = line.split(" : ", 1)[-1][:160]
            if message not in first:
                first.append(message)
        return {"bytes": len(raw), "lines": len(lines), "warn_error": len(flagged), "trace_lines": traces, "first": first[:3]}


SCENARIOS = {
    "baseline": "probe alone",
    "idle-tcp": "{tcp} idle TCP connections (connect, send nothing)",
    "idle-tls": "{tls} idle TLS connections (handshake, send no request)",
    "slowloris": "{slowloris} slowloris connections (handshake, then the request line a byte every {byte_interval} s)",
    "slow-readers": "{readers} slow readers of a {big_mib} MiB file at {reader_kbps} KB/s each",
    "one-address": "{one_address} idle TCP connections from one address (the per-client limit at work; not run by default)",
}


def run_main(args):
    loopback_only(args.host)
    fd_limit = raise_fd_limit()
    wanted = [name.strip() for name in args.scenarios.split(",") if name.strip()]
    for name in wanted:
        if name not in SCENARIOS:
            sys.exit(f"unknown scenario {name}; known: {', '.join(SCENARIOS)}")
    needed = max(args.tcp if "idle-tcp" in wanted else 0, args.tls, args.slowloris, args.readers, args.one_address) + 64
    if fd_limit < needed:
        sys.exit(f"the open-file limit is {fd_limit}, the scenarios need about {needed}: raise ulimit -n")
    me = [sys.executable, os.path.abspath(__file__)]
    common = ["--host", args.host, "--port", str(args.port), "--sni", args.sni]
    sampler = Sampler(args.pid, args.metrics)
    log = LogWatch(args.log)
    print(f"pollux pid {args.pid} on {args.host}:{args.port}; open-file limit {fd_limit}; "
          f"probe from {PROBE_SOURCE}, attackers from {ATTACK_SOURCE_BASE} up, {args.per_address} connections per address")

    def probe(duration, interval):
        return Child(me + ["probe"] + common + ["--source", PROBE_SOURCE, "--path", args.probe_path,
                                                "--expect-bytes", str(args.probe_bytes), "--duration", str(duration),
                                                "--interval", str(interval), "--timeout", str(args.probe_timeout)])

    if args.warmup > 0:
        print(f"warming up the JVM: probe requests back to back for {args.warmup} s", flush=True)
        warm = probe(args.warmup, 0)
        warm.finish(args.warmup + 30)
    log.since_mark()

    results = []
    for name in wanted:
        settle(sampler, args)
        before = scrape(args.metrics)
        cpu_before = read_cpu_seconds(args.pid)
        rss_before = read_rss_kib(args.pid)
        tcp_mem_before = read_tcp_mem_kib()
        start = time.monotonic()
        attack_result, attack_line = None, None
        hold = args.baseline_seconds if name == "baseline" else (args.readers_seconds if name == "slow-readers" else args.hold_seconds)
        if name == "baseline":
            prober = probe(hold, args.probe_interval)
            prober.finish(hold + args.probe_timeout + 10)
            ready_line = "READY 0 0"
        else:
            kind, count = {"idle-tcp": ("tcp", args.tcp), "idle-tls": ("tls", args.tls),
                           "slowloris": ("slowloris", args.slowloris), "slow-readers": ("reader", args.readers),
                           "one-address": ("tcp", args.one_address)}[name]
            per_address = count if name == "one-address" else args.per_address
            attacker = Child(me + ["attack", kind] + common + [
                "--count", str(count), "--per-address", str(per_address), "--hold", str(hold + 1),
                "--ramp-timeout", str(args.ramp_timeout), "--byte-interval", str(args.byte_interval),
                "--reader-rate", str(args.reader_rate), "--reader-path", args.reader_path])
            ready_line = attacker.wait_line("READY", args.ramp_timeout + 15) or "READY ? ?"
            prober = probe(hold, args.probe_interval)
            prober.finish(hold + args.probe_timeout + 10)
            attack_line = attacker.wait_line("RESULT", hold + 30)
            attacker.finish(15)
            attack_result = json.loads(attack_line[len("RESULT "):]) if attack_line else None
        attack_end = time.monotonic()
        probe_line = prober.wait_line("{", 1)
        probe_result = json.loads(probe_line) if probe_line else {"requests": 0, "ok": 0, "errors": {"no_result": 1}}
        time.sleep(args.end_settle)
        end = time.monotonic()
        after = scrape(args.metrics)
        window = sampler.window(start, attack_end)
        result = {
            "scenario": name, "ready": ready_line, "probe": probe_result, "attack": attack_result,
            "rss_before_kib": rss_before, "tcp_mem_before_kib": tcp_mem_before, "rss_end_kib": read_rss_kib(args.pid), "window": window,
            "direct_before": before.get('jvm_buffer_memory_used_bytes{id="direct"}', 0),
            "direct_end": after.get('jvm_buffer_memory_used_bytes{id="direct"}', 0),
            "heap_committed_before": heap_committed(before),
            "cpu_s": read_cpu_seconds(args.pid) - cpu_before, "seconds": end - start, "hold": hold,
            "opened": int(after.get("pollux_connections_opened_total", 0) - before.get("pollux_connections_opened_total", 0)),
            "refused": delta(before, after, "pollux_connections_refused_total"),
            "handshake_failures": delta(before, after, "pollux_tls_handshake_failures_total"),
            "cuts": delta(before, after, "pollux_responses_cut_total"),
            "requests": delta(before, after, "pollux_requests_seconds_count"),
            "rejected": delta(before, after, "pollux_requests_rejected_total"),
            "errors": int(after.get("pollux_connections_errors_total", 0) - before.get("pollux_connections_errors_total", 0)),
            "gc": gc_pauses(before, after),
            "log": log.since_mark(),
        }
        results.append(result)
        report(result, args)
    sampler.stop()
    summary(results, args)
    if args.json:
        with open(args.json, "a") as out:
            for result in results:
                out.write(json.dumps(result) + "\n")


def settle(sampler, args):
    """Waits (bounded) until the server holds no connections, then a moment more, so scenarios do not overlap."""
    deadline = time.monotonic() + args.settle_max
    while time.monotonic() < deadline:
        try:
            if scrape(args.metrics).get("pollux_connections_active", 0) == 0:
                break
        except Exception:
            pass
        time.sleep(0.5)
    time.sleep(args.settle)


def mib(kib):
    return kib / 1024


def report(r, args):
    name = r["scenario"]
    description = SCENARIOS[name].format(one_address=args.one_address, tcp=args.tcp, tls=args.tls, slowloris=args.slowloris, readers=args.readers,
                                         byte_interval=args.byte_interval, big_mib=args.big_mib,
                                         reader_kbps=args.reader_rate / 1000)
    p, w, a = r["probe"], r["window"], r["attack"]
    print(f"\n== {name}: {description}; probe for {r['hold']} s")
    rate = 100.0 * p["ok"] / p["requests"] if p["requests"] else 0.0
    errors = " ".join(f"{k}={v}" for k, v in sorted(p["errors"].items())) or "none"
    print(f"probe      ok {p['ok']}/{p['requests']} ({rate:.1f}%)  p50 {p['p50_ms']:.1f} ms  p99 {p['p99_ms']:.1f} ms  "
          f"max {p['max_ms']:.1f} ms  errors: {errors}")
    if a:
        _, ready_count, ready_after = r["ready"].split()
        counts = a["counts"]
        admitted = r["opened"] - p["requests"]
        print(f"attack     {a['slots']} slots from {a['addresses']} addresses ({a['per_address']} each); "
              f"all up after {ready_after} s ({ready_count} up); connection attempts {counts.get('attempts', 0)}, "
              f"open at once (client) peak {a['open_peak']}")
        print(f"admitted   server admitted {admitted} attacking connections (opened - probe), refused: "
              f"{short_labels(r['refused'], 'reason')}; open at once (server) peak {int(w['active_peak'])}")
        shown = {k: v for k, v in counts.items() if k != "attempts"}
        print("client saw " + " ".join(f"{k}={v}" for k, v in sorted(shown.items())))
        life = a.get("closed_by_server_lifetime_s")
        if life:
            print(f"           server closed {life['n']} after a lifetime of p10 {life['p10']:.1f} s, "
                  f"median {life['median']:.1f} s, p90 {life['p90']:.1f} s")
        if a.get("statuses"):
            print("           statuses received: " + " ".join(f"{k}={v}" for k, v in sorted(a["statuses"].items())))
    else:
        print(f"admitted   refused: {short_labels(r['refused'], 'reason')}")
    print(f"server     handshake failures: {short_labels(r['handshake_failures'], 'reason')}; "
          f"cuts: {short_labels(r['cuts'], 'reason')}; connection errors: {r['errors']}")
    print(f"           requests by status: {short_labels(r['requests'], 'status')}; "
          f"rejected: {short_labels(r['rejected'], 'reason')}")
    print(f"memory     RSS before {mib(r['rss_before_kib']):.0f} MiB, peak {mib(w['rss_peak_kib']):.0f} MiB, "
          f"end {mib(r['rss_end_kib']):.0f} MiB; direct (jvm_buffer) peak {w['direct_peak'] / MIB:.1f} MiB, "
          f"end {r['direct_end'] / MIB:.1f} MiB; heap committed peak {w['heap_committed_peak'] / MIB:.0f} MiB")
    print(f"           kernel TCP buffers (whole machine, not in RSS) before {mib(r['tcp_mem_before_kib']):.0f} MiB, "
          f"peak {mib(w['tcp_mem_peak_kib']):.0f} MiB")
    print(f"cpu        server {r['cpu_s']:.1f} s over {r['seconds']:.0f} s ({100 * r['cpu_s'] / r['seconds']:.0f}% of one core); "
          f"GC pauses {r['gc']}; "
          f"metrics scrapes {w['scrapes']} (failed {w['scrapes_failed']}, slowest {w['scrape_slowest_s']:.2f} s)")
    lg = r["log"]
    if lg:
        print(f"log        +{lg['lines']} lines ({lg['bytes'] / 1024:.0f} KiB), WARN/ERROR {lg['warn_error']}, "
              f"stack-trace lines {lg['trace_lines']}" + ("; first: " + " | ".join(lg["first"]) if lg["first"] else ""))
    if name == "slow-readers" and a:
        rb = a.get("reader_bytes") or {"min": 0, "median": 0, "max": 0, "total": 0, "rate_median": 0}
        got_rate = rb["rate_median"] / 1000
        print(f"readers    body received per reader: min {rb['min'] / 1000:.0f} KB, median {rb['median'] / 1000:.0f} KB, "
              f"max {rb['max'] / 1000:.0f} KB (about {got_rate:.1f} KB/s each)")
        print(f"           steady readers should never be cut: the server cut {sum(r['cuts'].values())} "
              f"({short_labels(r['cuts'], 'reason')}; client_closed counts the readers leaving at the end); "
              f"readers saw a cut body {counts.get('reader_saw_cut', 0)}, an error {sum(v for k, v in counts.items() if k.startswith('reader_error'))} "
              f"(a cut body still in the server's socket buffer reaches them later)")
        growth = mib(w["rss_peak_kib"] - r["rss_before_kib"])
        verdict = "yes" if growth < args.rss_limit_mib else "NO"
        print(f"RSS GROWTH {a['slots']} slow readers: before {mib(r['rss_before_kib']):.0f} MiB, peak while reading "
              f"{mib(w['rss_peak_kib']):.0f} MiB, growth {growth:.1f} MiB; under {args.rss_limit_mib:.0f} MiB: {verdict}")
        print(f"           of which, as the JVM counts: heap committed {r['heap_committed_before'] / MIB:.0f} -> "
              f"{w['heap_committed_peak'] / MIB:.0f} MiB, direct buffers {r['direct_before'] / MIB:.1f} -> "
              f"{w['direct_peak'] / MIB:.1f} MiB (peaks)")
    print(f"FLOOD scenario={name} probe_ok={p['ok']} probe_requests={p['requests']} probe_p99_ms={p['p99_ms']:.1f} "
          f"rss_before_mib={mib(r['rss_before_kib']):.1f} rss_peak_mib={mib(w['rss_peak_kib']):.1f} "
          f"rss_end_mib={mib(r['rss_end_kib']):.1f} direct_peak_mib={w['direct_peak'] / MIB:.1f} "
          f"admitted={(r['opened'] - p['requests']) if a else 0} refused={sum(r['refused'].values())} "
          f"active_peak={int(w['active_peak'])}", flush=True)


def summary(results, args):
    print("\nscenario      probe ok        p99 ms   RSS before  peak   end (MiB)   direct peak  admitted  refused")
    for r in results:
        p, w = r["probe"], r["window"]
        rate = 100.0 * p["ok"] / p["requests"] if p["requests"] else 0.0
        admitted = (r["opened"] - p["requests"]) if r["attack"] else 0
        print(f"{r['scenario']:13s} {p['ok']:5d}/{p['requests']:<5d} {rate:5.1f}%  {p['p99_ms']:7.1f}   "
              f"{mib(r['rss_before_kib']):6.0f} {mib(w['rss_peak_kib']):6.0f} {mib(r['rss_end_kib']):6.0f}"
              f"        {w['direct_peak'] / MIB:6.1f}   {admitted:8d} {sum(r['refused'].values()):8d}")


# ---------------------------------------------------------------------------------------------- arguments

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    def target(p):
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", type=int, required=True)
        p.add_argument("--sni", default="localhost")

    run = commands.add_parser("run", help="the scenarios and the report")
    target(run)
    run.add_argument("--pid", type=int, required=True, help="the server's process id (for RSS and CPU)")
    run.add_argument("--metrics", required=True, help="the server's /actuator/prometheus URL")
    run.add_argument("--log", help="the server's log file (WARN/ERROR lines are counted per scenario)")
    run.add_argument("--scenarios", default="baseline,idle-tcp,idle-tls,slowloris,slow-readers")
    run.add_argument("--warmup", type=float, default=10, help="seconds of back-to-back probe requests first")
    run.add_argument("--baseline-seconds", type=float, default=20)
    run.add_argument("--hold-seconds", type=float, default=30, help="how long each attack is held once it is up")
    run.add_argument("--readers-seconds", type=float, default=90,
                     help="how long the slow readers read (longer than pollux.server.write-timeout, 60 s by default)")
    run.add_argument("--ramp-timeout", type=float, default=30, help="the longest an attack may take to come up")
    run.add_argument("--tcp", type=int, default=3000)
    run.add_argument("--tls", type=int, default=1000)
    run.add_argument("--slowloris", type=int, default=200)
    run.add_argument("--readers", type=int, default=100)
    run.add_argument("--one-address", type=int, default=300, help="connections of the one-address scenario")
    run.add_argument("--per-address", type=int, default=50, help="attacking connections per source address")
    run.add_argument("--byte-interval", type=float, default=1.0, help="slowloris: seconds between bytes")
    run.add_argument("--reader-rate", type=int, default=20000, help="slow readers: bytes per second each")
    run.add_argument("--reader-path", default="/big.bin")
    run.add_argument("--big-mib", type=int, default=100, help="the size of the reader's file (for the report)")
    run.add_argument("--probe-path", default="/index.gmi")
    run.add_argument("--probe-bytes", type=int, default=-1, help="expected body size of the probe page (-1: any)")
    run.add_argument("--probe-interval", type=float, default=0.05, help="seconds between probe request starts")
    run.add_argument("--probe-timeout", type=float, default=5)
    run.add_argument("--settle", type=float, default=3, help="pause between scenarios, once the server is idle")
    run.add_argument("--settle-max", type=float, default=20, help="longest wait for the server to drop its connections")
    run.add_argument("--end-settle", type=float, default=3, help="pause after an attack before reading end figures")
    run.add_argument("--rss-limit-mib", type=float, default=32)
    run.add_argument("--json", help="append each scenario's figures as a JSON line to this file")

    probe = commands.add_parser("probe", help="(child) paced sequential Gemini requests; one JSON line")
    target(probe)
    probe.add_argument("--source", default=PROBE_SOURCE)
    probe.add_argument("--path", default="/index.gmi")
    probe.add_argument("--expect-bytes", type=int, default=-1)
    probe.add_argument("--duration", type=float, required=True)
    probe.add_argument("--interval", type=float, default=0.05)
    probe.add_argument("--timeout", type=float, default=5)

    attack = commands.add_parser("attack", help="(child) one kind of attacking connections; READY then RESULT lines")
    target(attack)
    attack.add_argument("kind", choices=["tcp", "tls", "slowloris", "reader"])
    attack.add_argument("--count", type=int, required=True)
    attack.add_argument("--per-address", type=int, default=50)
    attack.add_argument("--hold", type=float, required=True)
    attack.add_argument("--ramp-timeout", type=float, default=30)
    attack.add_argument("--ramp-concurrency", type=int, default=100, help="TLS handshakes in flight at once")
    attack.add_argument("--max-attempts", type=int, default=1000, help="connections one slot may open in all")
    attack.add_argument("--byte-interval", type=float, default=1.0)
    attack.add_argument("--reader-rate", type=int, default=20000)
    attack.add_argument("--reader-path", default="/big.bin")
    attack.add_argument("--reader-rcvbuf", type=int, default=64 * 1024)

    args = parser.parse_args()
    {"run": run_main, "probe": probe_main, "attack": attack_main}[args.command](args)


if __name__ == "__main__":
    main()
