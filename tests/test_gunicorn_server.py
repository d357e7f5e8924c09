"""gunicorn run with Candour's own gunicorn.conf.py, as in production, on a free local port.

- Its error log keeps no time and no client address, even for a malformed request (issue 13,
  item 16).
- With the onion service's PROXY protocol on, each Tor circuit reaches the app as its own
  address, so the rate limiter counts circuits apart (issue 13, item 4).
"""

from __future__ import annotations

import json
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from intake.views.status.session_report import CONFIRMATION_CEILING

ROOT = Path(__file__).resolve().parent.parent
TIMESTAMP = re.compile(r"\d{1,2}:\d{2}:\d{2}|\d{4}-\d{2}-\d{2}|\d{2}/\w{3}/\d{4}")


@dataclass
class Server:
    port: int
    log: Path
    process: subprocess.Popen[bytes]

    def send(self, raw: bytes) -> bytes:
        """One connection: send ``raw``, read until gunicorn closes it."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as connection:
            connection.sendall(raw)
            reply = b""
            while chunk := connection.recv(65536):
                reply += chunk
        return reply

    def stop(self) -> str:
        """Stop gunicorn (which flushes its log) and return everything it logged."""
        self.process.terminate()
        self.process.wait(timeout=30)
        return self.log.read_text()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_listening(server: Server) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"gunicorn exited: {server.log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", server.port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)  # polling for the port; the test waits on the condition
    pytest.fail(f"gunicorn did not listen: {server.log.read_text()}")


def start(tmp_path: Path, **env: str) -> Server:
    port = free_port()
    key_file = tmp_path / "secrets.json"
    if not key_file.exists():  # a named key file is never created by the app
        names = ("secret_key", "receipt_key", "matching_key", "limiter_key")
        key_file.write_text(json.dumps({name: secrets.token_hex(32) for name in names}))
    log = tmp_path / "gunicorn.log"
    environment = {
        "PATH": "/usr/bin:/bin",
        "CANDOUR_BIND": f"127.0.0.1:{port}",
        "CANDOUR_WORKERS": "1",
        "CANDOUR_THREADS": "2",
        "CANDOUR_KEY_FILE": str(key_file),
        "CANDOUR_DATABASE_URL": f"sqlite:///{tmp_path}/candour.db",
        "CANDOUR_CONTROL_SOCKET": str(tmp_path / "gunicorn.ctl"),
        "CANDOUR_SECURE_COOKIES": "false",
        **env,
    }
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(port, log, process)
    wait_until_listening(server)
    return server


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    started: list[Server] = []
    yield started
    for server in started:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait(timeout=30)


def status_of(reply: bytes) -> int:
    return int(reply.split(b" ", 2)[1])


def test_a_malformed_request_is_logged_without_a_time_or_an_address(
    tmp_path: Path, servers: list[Server]
) -> None:
    server = start(tmp_path)
    servers.append(server)
    reply = server.send(b"GET /status?receipt=CANARY HTTP/9.9\r\nHost: candour\r\n\r\n")
    assert status_of(reply) == 400
    logged = server.stop()
    assert "Invalid request refused: Invalid HTTP Version" in logged, logged
    lines = [line for line in logged.splitlines() if "Listening at:" not in line]  # its own
    assert not any("127.0.0.1" in line for line in lines) and "ip=" not in logged
    assert "CANARY" not in logged
    assert not TIMESTAMP.search(logged), logged


def proxied(circuit: int, request: bytes) -> bytes:
    """What Tor sends with HiddenServiceExportCircuitID haproxy: a PROXY v1 line, then HTTP."""
    source = f"fc00:dead:beef:4dad::{circuit >> 16:x}:{circuit & 0xFFFF:x}"
    return f"PROXY TCP6 {source} ::1 65535 80\r\n".encode() + request


REPLACE_RECEIPT = (
    b"POST /status/replace-receipt HTTP/1.1\r\nHost: candour.onion\r\nContent-Length: 0\r\n\r\n"
)


def test_each_tor_circuit_gets_its_own_counter_through_gunicorn(
    tmp_path: Path, servers: list[Server]
) -> None:
    server = start(tmp_path, CANDOUR_PROXY_PROTOCOL="v1")
    servers.append(server)
    # The ceiling of all confirmations (a junk POST opens no report, so no report's count).
    allowed = int(CONFIRMATION_CEILING.split()[0])
    replies = [server.send(proxied(1, REPLACE_RECEIPT)) for _ in range(allowed + 1)]
    junk = [status_of(reply) for reply in replies]
    # For one circuit: redirected to the page that explains the limit (a GET, so a reload is
    # not another attempt), which says that every confirmation was refused.
    assert 303 not in junk[:allowed] and junk[allowed] == 303
    assert b"\r\nLocation: /status/too-many-receipts?all=yes&" in replies[allowed]
    genuine = server.send(proxied(2, REPLACE_RECEIPT))
    assert status_of(genuine) == junk[0]
    # One request a connection: a second one would reach the app as Tor's own address.
    assert b"\r\nConnection: close\r\n" in genuine
    # The clear-web proxy sends no PROXY line, and is still served on the same port.
    plain = server.send(b"GET /static/candour.css HTTP/1.1\r\nHost: candour\r\n\r\n")
    assert status_of(plain) == 200
    logged = server.stop()
    assert "fc00:dead:beef" not in logged and not TIMESTAMP.search(logged), logged
