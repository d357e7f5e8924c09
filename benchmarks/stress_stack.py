"""A private production-like stack on loopback for the load and fault scripts.

Starts its own PostgreSQL cluster (``initdb`` into a temporary directory, on a free port), its own
``redis-server`` and gunicorn serving Candour with ``CANDOUR_ENV=production``, so the scripts can
kill and restart any of them without touching the PostgreSQL and Redis other people use. Every
process is started here and stopped here, by its own process id or process group.

Must never: stop, restart or connect to the shared servers on the default ports; leave a process
behind (``Stack`` is a context manager that tears everything down, even after a failure).
"""

from __future__ import annotations

import glob
import http.client
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
LEAD_EMAIL = "lead@load.test"
LEAD_PASSWORD = "load-test lead password 1"  # noqa: S105 (a throwaway team made for this run)
MAKE_TEAM = """
import os
from wsgi import app
from intake.db import db
from triage.team.members import create_team
with app.app_context():
    db.create_all()
    create_team(os.environ["LOAD_LEAD_EMAIL"], "Load Lead", os.environ["LOAD_LEAD_PASSWORD"])
    db.session.commit()
"""
SECRET_NAMES = ("SECRET_KEY", "RECEIPT_KEY", "MATCHING_KEY", "LIMITER_KEY")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(
    port: int, timeout: float = 60.0, process: subprocess.Popen[bytes] | None = None
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server for port {port} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answered on 127.0.0.1:{port} within {timeout:.0f} s")


def _postgres_bin(name: str) -> str:
    found = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0,
    )
    if found:
        return found[-1]
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"PostgreSQL's {name} is not installed")
    return path


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; as root we run it as the ``postgres`` user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _timed_get(port: int) -> float:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", "/")
        connection.getresponse().read()
    finally:
        connection.close()
    return time.perf_counter() - started


class PrivatePostgres:
    """A throwaway PostgreSQL cluster owned by this script."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.data = workdir / "pgdata"
        self.log = workdir / "postgres.log"
        self.socket_dir = workdir / "pgsock"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        self.data.mkdir()
        self.socket_dir.mkdir()
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            for path in (self.data, self.socket_dir):
                os.chown(path, owner.pw_uid, owner.pw_gid)
            self.log.touch()
            os.chown(self.log, owner.pw_uid, owner.pw_gid)
        subprocess.run(
            _as_postgres(
                [
                    _postgres_bin("initdb"),
                    "-D",
                    str(self.data),
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "--no-instructions",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._pg_ctl("start", "-w")

    def _pg_ctl(self, *args: str) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.socket_dir} -c max_connections=200"
        )
        subprocess.run(
            _as_postgres(
                [
                    _postgres_bin("pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.log),
                    "-o",
                    options,
                    *args,
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def restart(self) -> None:
        """Crash-like restart: ``immediate`` mode drops every connection and replays the WAL."""
        self._pg_ctl("restart", "-w", "-m", "immediate")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._pg_ctl("stop", "-w", "-m", "immediate")


class PrivateRedis:
    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@dataclass
class Gunicorn:
    """gunicorn in its own process group, so "the whole server" can be killed in one signal."""

    app: str
    workers: int
    env: dict[str, str]
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        command = [str(VENV_BIN / "gunicorn")]
        config = ROOT / "gunicorn.conf.py"
        if config.exists():  # the production settings; the flags below override bind and workers
            command += ["--config", str(config)]
        return [
            *command,
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--graceful-timeout",
            "5",
            # gunicorn's control socket defaults to one path per user; keep ours apart
            "--control-socket",
            str(self.log.parent / f"gunicorn-{self.port}.ctl"),
            self.app,
        ]

    def start(self, *, warm: bool = True) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command(),
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        try:
            wait_for_port(self.port, process=self.process)
        except RuntimeError:
            print(self.log.read_text()[-2000:], file=sys.stderr)  # gunicorn's own error log
            raise
        self.wait_for_workers()
        if warm:  # not when restarting under load, where every request is slow for a while
            self.warm_up()

    def wait_for_workers(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.worker_pids()) < self.workers:
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start all its workers")
            time.sleep(0.1)

    def warm_up(self, timeout: float = 60.0) -> None:
        """Workers import the app after they start; wait until every one answers quickly, so
        start-up time is not counted as latency."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with ThreadPoolExecutor(self.workers * 2) as pool:
                times = list(pool.map(lambda _: _timed_get(self.port), range(self.workers * 2)))
            if max(times) < 0.5:
                return
        raise RuntimeError("gunicorn workers did not become ready")

    def worker_pids(self) -> list[int]:
        """Children of the gunicorn master, read from /proc (by parent id, never by name)."""
        if self.process is None:
            return []
        children = []
        for stat in glob.glob("/proc/[0-9]*/stat"):
            try:
                fields = Path(stat).read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                children.append(int(stat.split("/")[2]))
        return children

    def kill_one_worker(self) -> int:
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def kill_everything(self) -> None:
        """kill -9 the master and every worker at once (the whole process group)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill_everything()


class Stack:
    """PostgreSQL + Redis + a team for Candour, and gunicorn servers started on demand."""

    def __init__(self, *, keep: bool = False) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="candour-stress-"))
        # the postgres user must reach its data directory; nothing secret is kept here
        os.chmod(self.workdir, 0o755)  # noqa: S103
        self.keep = keep
        self.postgres = PrivatePostgres(self.workdir)
        self.redis = PrivateRedis(self.workdir)
        self.secrets = {name: secrets.token_hex(32) for name in SECRET_NAMES}
        self.servers: list[Gunicorn] = []

    def candour_env(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith("CANDOUR_")}
        env.update({f"CANDOUR_{name}": value for name, value in self.secrets.items()})
        env.update(
            {
                "CANDOUR_ENV": "production",
                "CANDOUR_DATABASE_URL": self.postgres.url,
                "CANDOUR_RATELIMIT_STORAGE_URL": self.redis.url,
                "CANDOUR_SECURE_COOKIES": "false",  # plain http on loopback
                "CANDOUR_BASE_URL": "http://127.0.0.1",
                "FLASK_APP": "wsgi",
            }
        )
        return env

    def __enter__(self) -> Stack:
        try:
            self.postgres.start()
            self.redis.start()
            self._prepare_database()
        except BaseException:
            self.close()
            raise
        return self

    def _prepare_database(self) -> None:
        """Tables from the models (the migrations are being rewritten on this branch; the load
        figures do not depend on how the tables were made) and a team, so reports can be sealed."""
        env = self.candour_env()
        # The tables and a team with one lead, made in code: `flask team init` prompts for the
        # lead's password (never an argument), and a prompt has no place in an unattended run.
        subprocess.run(
            [sys.executable, "-c", MAKE_TEAM],
            cwd=ROOT,
            env={**env, "LOAD_LEAD_EMAIL": LEAD_EMAIL, "LOAD_LEAD_PASSWORD": LEAD_PASSWORD},
            check=True,
        )

    def serve(self, app: str, workers: int) -> Gunicorn:
        server = Gunicorn(app, workers, self.candour_env(), self.workdir / "gunicorn.log")
        self.servers.append(server)
        server.start()
        return server

    def close(self) -> None:
        for server in self.servers:
            server.stop()
        self.redis.stop()
        self.postgres.stop()
        if not self.keep:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
