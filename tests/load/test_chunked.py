"""A 30 MB chunked POST is refused with 413 by both servers: gunicorn and the development
server (`flask run`), instead of being cut to 1 MB and processed."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.serving import make_server

from .server import Gunicorn, free_port

TOTAL = 30 * 1024 * 1024
CHUNK = 256 * 1024


def chunked_post(port: int, path: str = "/commencer", total: int = TOTAL) -> str:
    """Send `total` bytes of form in chunks (stopping when the server hangs up) and return the
    status line of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                     "Content-Type: application/x-www-form-urlencoded\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n".encode())
        sent, deadline = 0, time.monotonic() + 60
        piece = b"name=" + b"x" * (CHUNK - 5)
        try:
            while sent < total and time.monotonic() < deadline:
                sock.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                sent += len(piece)
                piece = b"x" * CHUNK
            sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before the end: what we hope
        answer = b""
        try:
            while b"\r\n" not in answer:
                data = sock.recv(4096)
                if not data:
                    break
                answer += data
        except (ConnectionResetError, TimeoutError):
            pass
    return answer.split(b"\r\n", 1)[0].decode("latin-1")


def test_gunicorn_refuses_a_large_chunked_body(migrated_url: str) -> None:
    server = Gunicorn(migrated_url, free_port(), workers=1)
    server.start()
    try:
        status = chunked_post(server.port)
    finally:
        server.stop()
    assert " 413 " in status + " ", status


@pytest.fixture
def dev_server(app: Flask) -> Iterator[int]:
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield port
    server.shutdown()
    thread.join(10)


def test_the_development_server_refuses_a_large_chunked_body(dev_server: int) -> None:
    status = chunked_post(dev_server)
    assert " 413 " in status + " ", status
