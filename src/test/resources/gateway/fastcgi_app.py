#!/usr/bin/env python3
"""A FastCGI application for tests (Python standard library only).

    fastcgi_app.py LISTEN LOG_DIR      LISTEN: unix:/path/to.sock, or tcp (a free loopback port, written to LOG_DIR/port)

It notes in LOG_DIR/records, one line each, every connection it accepts and the FastCGI records it receives
(begin with its keep-connection flag, abort), and answers by PATH_INFO:
  /hello     20 text/plain, "hello"
  /endless   20 text/plain, then output until the server aborts the request or closes the connection
  /silent    nothing, for a minute
"""
import os
import select
import socket
import socketserver
import struct
import sys
import threading
import time

BEGIN, ABORT, END, PARAMS, STDIN, STDOUT = 1, 2, 3, 4, 5, 6
lock = threading.Lock()


def note(line):
    with lock, open(os.path.join(LOG_DIR, "records"), "a") as log:
        log.write(line + "\n")


def read_exactly(conn, count):
    data = b""
    while len(data) < count:
        chunk = conn.recv(count - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def read_record(conn):
    header = read_exactly(conn, 8)
    if header is None:
        return None
    _, kind, request_id, length, padding, _ = struct.unpack("!BBHHBB", header)
    content = read_exactly(conn, length + padding) if length + padding else b""
    return kind, request_id, content[:length]


def record(kind, content=b"", request_id=1):
    return struct.pack("!BBHHBB", 1, kind, request_id, len(content), 0, 0) + content


def pairs(data):
    params, i = {}, 0
    while i < len(data):
        lengths = []
        for _ in range(2):
            if data[i] < 128:
                lengths.append(data[i])
                i += 1
            else:
                lengths.append(struct.unpack("!I", data[i:i + 4])[0] & 0x7FFFFFFF)
                i += 4
        name = data[i:i + lengths[0]].decode()
        value = data[i + lengths[0]:i + lengths[0] + lengths[1]].decode()
        params[name] = value
        i += lengths[0] + lengths[1]
    return params


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        conn = self.request
        note("connection")
        while self.one_request(conn):
            pass

    def one_request(self, conn):
        keep, raw = False, b""
        while True:
            received = read_record(conn)
            if received is None:
                return False
            kind, _, content = received
            if kind == BEGIN:
                keep = bool(content[2] & 1)
                note("begin keep=%d" % keep)
            elif kind == PARAMS:
                raw += content
            elif kind == STDIN and not content:
                break
        params = pairs(raw)
        path = params.get("PATH_INFO", "")
        if path == "/endless":
            self.endless(conn)
            return False
        if path == "/silent":
            time.sleep(60)
            return False
        conn.sendall(record(STDOUT, b"20 text/plain\r\nhello") + record(STDOUT) + record(END, bytes(8)))
        return keep

    def endless(self, conn):
        """Writes without blocking, and reads whatever the server sends meanwhile first."""
        conn.sendall(record(STDOUT, b"20 text/plain\r\n"))
        chunk = record(STDOUT, b"y\n" * 16384)
        unsent = b""
        while True:
            readable, writable, _ = select.select([conn], [conn], [], 10)
            if readable:
                try:
                    received = read_record(conn)
                except OSError:
                    received = None
                if received is None:
                    note("closed")
                    return
                if received[0] == ABORT:
                    note("abort")
                    return
            elif writable:
                unsent = unsent or chunk
                try:
                    unsent = unsent[conn.send(unsent, socket.MSG_DONTWAIT):]
                except BlockingIOError:
                    pass
                except OSError:
                    note("closed")
                    return


class UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


class TcpServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


if __name__ == "__main__":
    listen, LOG_DIR = sys.argv[1], sys.argv[2]
    if listen.startswith("unix:"):
        server = UnixServer(listen[len("unix:"):], Handler)
    else:
        server = TcpServer(("127.0.0.1", 0), Handler)
        with open(os.path.join(LOG_DIR, "port.tmp"), "w") as port:
            port.write(str(server.server_address[1]))
        os.rename(os.path.join(LOG_DIR, "port.tmp"), os.path.join(LOG_DIR, "port"))
    server.serve_forever()
