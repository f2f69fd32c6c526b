"""Real Chorus servers for tests: `chorus serve` in a subprocess on a free loopback port.

Each test gets its own database: a copy of a template SQLite file made once per run (migrated,
demo loaded), or, when CHORUS_TEST_DATABASE_URL names a PostgreSQL server, a fresh database
created from a template database.
"""

from __future__ import annotations

import concurrent.futures
import itertools
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
                "DROP DATABASE IF EXISTS chorus_template WITH (FORCE)",
                "CREATE DATABASE chorus_template",
            ]
        )
        env["CHORUS_DATABASE_URL"] = PG_URL.rstrip("/") + "/chorus_template"
    chorus(["migrate"], env)
    output = chorus(["demo", "--statements", "8"], env)
    return Template(data_dir=data_dir, demo_output=output)


@dataclass
class Server:
    data_dir: Path
    env: dict[str, str]
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

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
        self.log_path = self.data_dir / f"server-{next(_counter)}.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "server.cli", "serve", "--port", str(self.port)],
                cwd=REPO,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        last: object = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log()}")
            try:
                urllib.request.urlopen(f"{self.base_url}/api/session", timeout=2)
            except urllib.error.HTTPError as error:
                if error.code == 401:
                    return
                last = error
            except OSError as error:
                last = error
            time.sleep(0.05)
        raise RuntimeError(f"server did not answer in {timeout}s ({last}): {self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path else ""

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
        _pg_admin([f"CREATE DATABASE {name} TEMPLATE chorus_template"])
        env["CHORUS_DATABASE_URL"] = PG_URL.rstrip("/") + f"/{name}"
    return Server(data_dir=data_dir, env=env)
