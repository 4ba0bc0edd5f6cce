#!/usr/bin/env python3
"""An SCGI application for tests (Python standard library only).

    scgi_app.py LISTEN DATA_DIR        LISTEN: unix:/path/to.sock, or tcp (a free loopback port, written to DATA_DIR/port)

Answers by PATH_INFO:
  /headers        20 text/plain, then every header received, in order, as NAME=VALUE lines
  /flood?N        20 application/octet-stream, then N bytes in 64 KiB writes; after each completed write
                  DATA_DIR/flood-sent holds the bytes sent so far (a blocking socket: a write waits while the
                  server does not read)
  /slow-body      20 text/plain, "start", then silence
  /silent?NAME    nothing (the connection stays open), after creating DATA_DIR/silent-NAME
  /not-a-header   a line that is not a Gemini header
"""
import os
import socketserver
import sys
import time


def read_netstring(stream):
    length = b""
    while True:
        c = stream.read(1)
        if not c:
            return None
        if c == b":":
            break
        length += c
    data = stream.read(int(length))
    if stream.read(1) != b",":
        return None
    return data


def write_atomically(path, text):
    with open(path + ".tmp", "w") as out:
        out.write(text)
    os.replace(path + ".tmp", path)


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        data = read_netstring(self.rfile)
        if data is None:
            return
        fields = data.split(b"\0")[:-1]
        headers = list(zip(fields[0::2], fields[1::2]))
        env = {name.decode(): value.decode() for name, value in headers}
        path, query = env.get("PATH_INFO", ""), env.get("QUERY_STRING", "")
        out = self.connection
        if path == "/headers":
            lines = b"".join(name + b"=" + value + b"\n" for name, value in headers)
            out.sendall(b"20 text/plain\r\n" + lines)
        elif path == "/flood":
            total, sent, chunk = int(query), 0, b"\0" * 65536
            out.sendall(b"20 application/octet-stream\r\n")
            while sent < total:
                out.sendall(chunk[:min(len(chunk), total - sent)])
                sent += min(len(chunk), total - sent)
                write_atomically(os.path.join(DATA_DIR, "flood-sent"), str(sent))
        elif path == "/slow-body":
            out.sendall(b"20 text/plain\r\nstart")
            time.sleep(60)
        elif path == "/silent":
            write_atomically(os.path.join(DATA_DIR, "silent-" + query), "")
            time.sleep(60)
        elif path == "/not-a-header":
            out.sendall(b"HTTP/1.0 200 OK\r\n\r\nhello")


class UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


class TcpServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


if __name__ == "__main__":
    listen, DATA_DIR = sys.argv[1], sys.argv[2]
    if listen.startswith("unix:"):
        server = UnixServer(listen[len("unix:"):], Handler)
    else:
        server = TcpServer(("127.0.0.1", 0), Handler)
        write_atomically(os.path.join(DATA_DIR, "port"), str(server.server_address[1]))
    server.serve_forever()
