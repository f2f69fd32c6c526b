"""Real Chorus servers for tests: `chorus serve` in a subprocess on a free loopback port.

Each test gets its own database: a copy of a template SQLite file made once per run (migrated,
demo loaded), or, when CHORUS_TEST_DATABASE_URL names a PostgreSQL server, a fresh database
created from a template database.

Several test processes may run at once (the suite runs on parallel workers): every name that
outlives a test (databases, files) carries the process id, and every file lives under the
process's own pytest temporary directory.
"""

from __future__ import annotations

import concurrent.futures
import itertools
import multiprocessing
import multiprocessing.context
import multiprocessing.process
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PG_URL = os.environ.get("CHORUS_TEST_DATABASE_URL", "")
# This process's template database: parallel workers each make and copy their own, so no
# worker drops a template another is copying from.
PG_TEMPLATE = f"chorus_template_{os.getpid()}"
_counter = itertools.count()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def chorus(args: list[str], env: Mapping[str, str], timeout: float = 120) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        cwd=REPO,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"chorus {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _pg_admin(sql: list[str], database: str = "postgres") -> None:
    import asyncio

    import asyncpg

    async def run() -> None:
        dsn = PG_URL.replace("postgresql+asyncpg://", "postgresql://").rstrip("/")
        conn = await asyncpg.connect(f"{dsn}/{database}")
        try:
            for statement in sql:
                await conn.execute(statement)
        finally:
            await conn.close()

    # In a thread of its own: callers may be inside a running loop (async tests, Playwright).
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()


class ServerProcess:
    """`chorus ARGS` in a process of its own, forked from a server process that has imported
    the app once (a fresh interpreter spends over a second importing it, for every test that
    starts a server). It runs `server.cli.main` as `python -m server.cli` does, with its own
    environment, working directory and log; `poll`, `wait`, `send_signal` and `kill` behave as
    `subprocess.Popen`'s. CHORUS_TEST_FORK=0 starts a fresh interpreter each time instead."""

    def __init__(self, args: list[str], env: Mapping[str, str], log_path: Path) -> None:
        self.args = args
        self._forked: multiprocessing.process.BaseProcess | None = None
        self._popen: subprocess.Popen[bytes] | None = None
        if os.environ.get("CHORUS_TEST_FORK", "1") == "0":
            with log_path.open("wb") as log:
                self._popen = subprocess.Popen(
                    [sys.executable, "-m", "server.cli", *args],
                    cwd=REPO,
                    env=dict(env),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            self.pid = self._popen.pid
        else:
            self._forked = _forkserver().Process(
                target=_run_chorus, args=(args, dict(env), str(log_path)), daemon=False
            )
            self._forked.start()
            assert self._forked.pid is not None
            self.pid = self._forked.pid

    def poll(self) -> int | None:
        if self._popen is not None:
            return self._popen.poll()
        assert self._forked is not None
        return self._forked.exitcode

    def wait(self, timeout: float | None = None) -> int:
        if self._popen is not None:
            return self._popen.wait(timeout)
        assert self._forked is not None
        self._forked.join(timeout)
        code = self._forked.exitcode
        if code is None:
            raise subprocess.TimeoutExpired(["chorus", *self.args], timeout or 0)
        self._forked.close()  # its pipe to the fork server, now rather than at collection
        return code

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def _forkserver() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    # What `chorus serve` imports, once, in the fork server; each server forks from there.
    context.set_forkserver_preload(["server.cli", "server.app"])
    return context


def _run_chorus(args: list[str], env: dict[str, str], log_path: str) -> None:
    """In the forked process: become `python -m server.cli ARGS` with `env`, logging to
    `log_path`."""
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    os.environ.clear()
    os.environ.update(env)
    os.chdir(REPO)
    from server.cli import main

    sys.exit(main(args))


def _launch(args: list[str], env: Mapping[str, str], log_path: Path) -> ServerProcess:
    return ServerProcess(args, env, log_path)


@dataclass
class Template:
    data_dir: Path
    demo_output: str

    def accounts(self) -> dict[str, str]:
        """email -> password, from the demo's own output (the printed contract)."""
        found = {}
        for line in self.demo_output.splitlines():
            parts = line.split()
            if len(parts) == 3 and "@" in parts[0]:
                found[parts[0]] = parts[1]
        return found


def make_template(root: Path) -> Template:
    data_dir = root / "template"
    data_dir.mkdir(parents=True)
    env = {**os.environ, "CHORUS_DATA_DIR": str(data_dir), "CHORUS_SECRET_KEY": "test-secret"}
    if PG_URL:
        _pg_admin(
            [
                f"DROP DATABASE IF EXISTS {PG_TEMPLATE} WITH (FORCE)",
                f"CREATE DATABASE {PG_TEMPLATE}",
            ]
        )
        env["CHORUS_DATABASE_URL"] = PG_URL.rstrip("/") + f"/{PG_TEMPLATE}"
    chorus(["migrate"], env)
    output = chorus(["demo", "--statements", "8"], env)
    return Template(data_dir=data_dir, demo_output=output)


@dataclass
class Server:
    data_dir: Path
    env: dict[str, str]
    port: int = field(default_factory=free_port)
    process: ServerProcess | None = None
    log_path: Path | None = None
    answered: bool = False

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    @property
    def origin(self) -> str:
        return self.base_url

    def start(self, timeout: float = 30) -> None:
        """Start the server and wait until it answers.

        The port is only reserved between `free_port` and the server's own bind: if another
        process (a parallel worker's server, a client's outgoing connection) took it meanwhile,
        a server that never answered on its port moves to another free one. A server that has
        answered keeps its port across restarts, as its clients expect."""
        for _ in range(5):
            if self._start(timeout):
                return
            self.port = free_port()
        raise RuntimeError(f"no free port found: {self.log()}")

    def _start(self, timeout: float) -> bool:
        """False if the server could not bind its port; raises on any other failure."""
        self.log_path = self.data_dir / f"server-{next(_counter)}.log"
        self.process = _launch(["serve", "--port", str(self.port)], self.env, self.log_path)
        deadline = time.monotonic() + timeout
        last: object = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                if not self.answered and "address already in use" in self.log():
                    self.process = None
                    return False
                raise RuntimeError(f"server exited: {self.log()}")
            try:
                urllib.request.urlopen(f"{self.base_url}/api/session", timeout=2)
            except urllib.error.HTTPError as error:
                if error.code == 401:
                    self.answered = True
                    return True
                last = error
            except OSError as error:
                last = error
            time.sleep(0.05)
        raise RuntimeError(f"server did not answer in {timeout}s ({last}): {self.log()}")

    def log(self) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(errors="replace")

    def stop(self, timeout: float = 15) -> None:
        """SIGTERM and wait: the graceful path (flush the log, close sockets with 1001)."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def kill(self) -> None:
        """kill -9: no flush, no goodbye."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)
        self.process = None


def new_server(
    template: Template, root: Path, extra_env: Mapping[str, str] | None = None
) -> Server:
    n = next(_counter)
    data_dir = root / f"server-{n}"
    shutil.copytree(template.data_dir, data_dir)
    env = {
        **os.environ,
        "CHORUS_DATA_DIR": str(data_dir),
        "CHORUS_SECRET_KEY": "test-secret",
        **(extra_env or {}),
    }
    if PG_URL:
        name = f"chorus_test_{os.getpid()}_{n}"
        _pg_admin([f"CREATE DATABASE {name} TEMPLATE {PG_TEMPLATE}"])
        env["CHORUS_DATABASE_URL"] = PG_URL.rstrip("/") + f"/{name}"
    return Server(data_dir=data_dir, env=env)
