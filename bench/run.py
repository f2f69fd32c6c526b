"""Benchmark the Chorus collaboration server against two y-websocket baselines.

For each target (chorus, pycrdt, node) this starts the server on a free loopback port, runs
the Node load generator (`loadgen.mjs`) against it, measures the server's CPU time over the
measured window and its peak RSS, then stops it. A second, separate server run measures
memory per open room and per connection. Prints a table; `--json PATH` also writes the
figures. See bench/README.md.

Run with the project's virtualenv:  .venv/bin/python bench/run.py [flags]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import queue
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import psutil

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
TARGETS = ("chorus", "pycrdt", "node")
READY_TIMEOUT_S = 60.0  # a server must answer HTTP within this
STOP_TIMEOUT_S = 10.0  # SIGTERM, then SIGKILL after this
SETUP_TIMEOUT_S = 300.0  # chorus migrate / demo, npm ci
MEMORY_SETTLE_S = 1.0  # pause before sampling RSS in the memory test
RAMP_TIMEOUT_S = 120  # bound on the load generator opening its clients

JSON = dict[str, Any]


class BenchError(Exception):
    """A target could not be benchmarked (server did not start, setup failed, ...)."""


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# processes


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def tail(path: Path, lines: int = 20) -> str:
    try:
        text = path.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join(text[-lines:])


def _tree(proc: psutil.Process) -> list[psutil.Process]:
    try:
        return [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return [proc]


def tree_cpu_seconds(proc: psutil.Process) -> float:
    """User + system CPU of a process and its live children (and the children it reaped)."""
    total = 0.0
    for p in _tree(proc):
        with contextlib.suppress(psutil.Error):
            t = p.cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
    return total


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in _tree(proc):
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def vm_hwm(pid: int) -> int:
    """Peak RSS of one process from /proc (0 where unavailable)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def stop_process(popen: subprocess.Popen[Any], name: str) -> None:
    """SIGTERM the process group we created, SIGKILL it after a timeout."""
    if popen.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(popen.pid, signal.SIGTERM)
        try:
            popen.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            log(f"{name} ignored SIGTERM for {STOP_TIMEOUT_S:.0f} s: killing it")
    # Whatever is left in the group (children of a process that exited) goes too.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(popen.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        popen.wait(timeout=STOP_TIMEOUT_S)


class RssMonitor:
    """Polls the RSS of a process tree every 100 ms and keeps the peak."""

    def __init__(self, proc: psutil.Process) -> None:
        self.proc = proc
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-monitor", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.proc))
            self._stop.wait(0.1)

    def __enter__(self) -> RssMonitor:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.peak = max(self.peak, vm_hwm(self.proc.pid))


@dataclass
class Server:
    name: str
    popen: subprocess.Popen[bytes]
    port: int
    log_path: Path
    proc: psutil.Process = field(init=False)

    def __post_init__(self) -> None:
        self.proc = psutil.Process(self.popen.pid)

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = READY_TIMEOUT_S) -> None:
        """Until the server answers any HTTP response on `/` (bounded)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise BenchError(
                    f"{self.name} exited with code {self.popen.returncode} before answering:\n"
                    + tail(self.log_path)
                )
            try:
                with urllib.request.urlopen(self.http + "/", timeout=2):
                    return
            except urllib.error.HTTPError:
                return  # any HTTP answer means it is up
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        raise BenchError(
            f"{self.name} did not answer on port {self.port} within {timeout:.0f} s:\n"
            + tail(self.log_path)
        )


@contextlib.contextmanager
def running_server(
    name: str, argv: Sequence[str], env: dict[str, str], port: int, log_dir: Path, tag: str
) -> Iterator[Server]:
    log_path = log_dir / f"{name}-{tag}.log"
    with log_path.open("wb") as log_file:
        popen = subprocess.Popen(
            list(argv),
            cwd=REPO_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole
        )
    try:
        server = Server(name, popen, port, log_path)
        server.wait_ready()
        yield server
    finally:
        stop_process(popen, name)


# ---------------------------------------------------------------------------------------------
# the load generator


@dataclass
class LoadgenRun:
    result: JSON
    marks: dict[str, float]  # phase name -> server CPU seconds when seen


def run_loadgen(
    config: JSON,
    server: Server,
    log_dir: Path,
    tag: str,
    timeout: float,
    on_stage: Callable[[str, JSON], None] | None = None,
) -> LoadgenRun:
    """Run loadgen.mjs with `config`; snapshot the server's CPU at each `@@phase` marker.

    In memory mode, `on_stage` is called at each stage marker, then the load generator is told
    to go on (a line on its stdin).
    """
    config_path = log_dir / f"loadgen-{tag}.json"
    config_path.write_text(json.dumps(config))
    log_path = log_dir / f"loadgen-{tag}.log"
    events: queue.Queue[tuple[str, JSON] | None] = queue.Queue()
    out_chunks: list[bytes] = []

    popen = subprocess.Popen(
        ["node", str(BENCH_DIR / "loadgen.mjs"), "--config", str(config_path)],
        cwd=BENCH_DIR,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    assert popen.stdout is not None and popen.stderr is not None and popen.stdin is not None

    def read_stderr(stream: IO[bytes], sink: IO[str]) -> None:
        for raw in stream:
            line = raw.decode(errors="replace").rstrip("\n")
            if line.startswith("@@phase "):
                _, _, rest = line.partition(" ")
                name, _, data = rest.partition(" ")
                try:
                    payload = json.loads(data) if data else {}
                except json.JSONDecodeError:
                    payload = {}
                events.put((name, payload))
            sink.write(line + "\n")
            sink.flush()
        events.put(None)

    def read_stdout(stream: IO[bytes]) -> None:
        for chunk in iter(lambda: stream.read(65536), b""):
            out_chunks.append(chunk)

    marks: dict[str, float] = {}
    with log_path.open("w") as sink:
        readers = [
            threading.Thread(target=read_stderr, args=(popen.stderr, sink), daemon=True),
            threading.Thread(target=read_stdout, args=(popen.stdout,), daemon=True),
        ]
        for t in readers:
            t.start()
        deadline = time.monotonic() + timeout
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise BenchError(f"load generator still running after {timeout:.0f} s")
                try:
                    event = events.get(timeout=min(left, 1.0))
                except queue.Empty:
                    continue
                if event is None:
                    break  # stderr closed: the load generator is exiting
                name, payload = event
                marks[name] = tree_cpu_seconds(server.proc)
                if name.startswith("stage-"):
                    if on_stage is not None:
                        on_stage(name, payload)
                    with contextlib.suppress(OSError):
                        popen.stdin.write(b"next\n")
                        popen.stdin.flush()
            popen.wait(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired as exc:
            raise BenchError(f"load generator did not exit within {timeout:.0f} s") from exc
        finally:
            stop_process(popen, "loadgen")
            for t in readers:
                t.join(timeout=5)
    out = b"".join(out_chunks).decode(errors="replace").strip()
    try:
        result: JSON = json.loads(out.splitlines()[-1]) if out else {}
    except json.JSONDecodeError as exc:
        raise BenchError(f"load generator printed no JSON:\n{out[-500:]}") from exc
    if not result:
        raise BenchError(
            f"load generator printed nothing (exit {popen.returncode}):\n" + tail(log_path)
        )
    if "error" in result:
        raise BenchError(f"load generator failed: {result['error']}\n" + tail(log_path))
    return LoadgenRun(result, marks)


# ---------------------------------------------------------------------------------------------
# targets


@dataclass
class Target:
    """How to start one server and which rooms / headers its clients use."""

    name: str
    argv: Callable[[int], list[str]]  # port -> command line
    env: Callable[[int], dict[str, str]]  # port -> environment
    ws_base: Callable[[int], str]
    # (server, rooms, sessions) -> rooms, cookies (one a line)
    prepare: Callable[[Server, int, int], tuple[list[str], str]] | None = None


def http_json(
    method: str, url: str, body: JSON | None, headers: dict[str, str]
) -> tuple[JSON, list[str]]:
    """One JSON request; returns the decoded body and the Set-Cookie headers."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers=dict(headers))
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=15) as resp:
            payload = resp.read()
            cookies = resp.headers.get_all("Set-Cookie") or []
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:300].decode(errors="replace")
        raise BenchError(f"{method} {url} -> HTTP {exc.code}: {detail}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise BenchError(f"{method} {url} failed: {exc}") from exc
    try:
        decoded = json.loads(payload) if payload else {}
    except json.JSONDecodeError as exc:
        raise BenchError(f"{method} {url}: not JSON: {payload[:200]!r}") from exc
    return decoded, cookies


def chorus_target(rooms_needed: int, data_dir: Path) -> Target:
    bin_dir = Path(sys.executable).parent
    chorus = bin_dir / "chorus"
    if not chorus.exists():
        chorus = REPO_DIR / ".venv" / "bin" / "chorus"
    env = dict(os.environ)
    env.pop("CHORUS_DATABASE_URL", None)
    env["CHORUS_DATA_DIR"] = str(data_dir)

    def setup(cmd: list[str]) -> str:
        try:
            done = subprocess.run(
                [str(chorus), *cmd],
                cwd=REPO_DIR,
                env=env,
                capture_output=True,
                text=True,
                timeout=SETUP_TIMEOUT_S,
                check=False,
                start_new_session=True,
            )
        except FileNotFoundError as exc:
            raise BenchError(f"no chorus console script at {chorus}") from exc
        except subprocess.TimeoutExpired as exc:
            raise BenchError(f"`chorus {' '.join(cmd)}` took over {SETUP_TIMEOUT_S:.0f} s") from exc
        if done.returncode != 0:
            raise BenchError(
                f"`chorus {' '.join(cmd)}` failed ({done.returncode}):\n"
                + (done.stderr or done.stdout)[-1500:]
            )
        return done.stdout

    setup(["migrate"])
    demo_out = setup(["demo", "--statements", str(rooms_needed)])
    account: tuple[str, str] | None = None
    for line in demo_out.splitlines():
        parts = line.split()
        if len(parts) >= 3 and "@" in parts[0] and parts[2] == "contributor":
            account = (parts[0], parts[1])
            break
    if account is None:
        raise BenchError("`chorus demo` printed no contributor account:\n" + demo_out[-800:])
    email, password = account

    def prepare(server: Server, rooms: int, sessions: int) -> tuple[list[str], str]:
        origin = server.http
        # A session for each client of a room: the k-th client of every room uses the k-th,
        # so no two connections to a room knock with the same session.
        cookies = []
        for _ in range(sessions):
            _, set_cookies = http_json(
                "POST",
                f"{server.http}/api/session",
                {"email": email, "password": password},
                {"Origin": origin},
            )
            cookies.append("; ".join(c.split(";", 1)[0].strip() for c in set_cookies if "=" in c))
        cookie = cookies[0]
        if not cookie:
            raise BenchError("sign-in set no cookie")
        listing, _ = http_json(
            "GET", f"{server.http}/api/statements", None, {"Cookie": cookie, "Origin": origin}
        )
        # Only statements in drafting take edits (final and delivered ones are read-only).
        ids = [str(s["id"]) for s in listing.get("statements", []) if s.get("state") == "drafting"]
        if len(ids) < rooms:
            raise BenchError(
                f"{rooms} statements in drafting needed, /api/statements lists {len(ids)}"
            )
        return ids[:rooms], "\n".join(cookies)

    return Target(
        name="chorus",
        argv=lambda port: [str(chorus), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=lambda _port: env,
        ws_base=lambda port: f"ws://127.0.0.1:{port}/ws/statements",
        prepare=prepare,
    )


def pycrdt_target() -> Target:
    return Target(
        name="pycrdt",
        argv=lambda port: [
            *(sys.executable, "-m", "uvicorn", "--app-dir", str(BENCH_DIR), "pycrdt_baseline:app"),
            *("--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"),
            *("--no-access-log", "--timeout-graceful-shutdown", "5"),
        ],
        env=lambda _port: dict(os.environ),
        ws_base=lambda port: f"ws://127.0.0.1:{port}",
    )


def node_target() -> Target:
    server_js = BENCH_DIR / "node_modules" / "y-websocket" / "bin" / "server.js"

    def env(port: int) -> dict[str, str]:
        e = dict(os.environ)
        e.pop("YPERSISTENCE", None)  # in memory, like the other baseline
        e.update(HOST="127.0.0.1", PORT=str(port))
        return e

    return Target(
        name="node",
        argv=lambda _port: ["node", str(server_js)],
        env=env,
        ws_base=lambda port: f"ws://127.0.0.1:{port}",
    )


# ---------------------------------------------------------------------------------------------
# measurements


def base_config(args: argparse.Namespace) -> JSON:
    return {
        "clients": args.clients,
        "typingShare": args.typing_share,
        "rate": args.rate,
        "duration": args.duration,
        "warmup": args.warmup,
        "deflate": args.deflate,
        "rampTimeout": RAMP_TIMEOUT_S,
        "storm": args.storm,
    }


def rooms_for(
    target: Target, server: Server, count: int, sessions: int
) -> tuple[list[str] | None, str]:
    if target.prepare is None:
        return None, ""  # baselines: the load generator makes up room names
    return target.prepare(server, count, sessions)


def measure_load(target: Target, args: argparse.Namespace, log_dir: Path) -> JSON:
    port = free_port()
    argv, env = target.argv(port), target.env(port)
    with running_server(target.name, argv, env, port, log_dir, "load") as server:
        rooms, cookie = rooms_for(target, server, args.rooms, args.clients)
        config = {
            **base_config(args),
            "mode": "load",
            "url": target.ws_base(port),
            "roomCount": args.rooms,
            "rooms": rooms,
            "cookie": cookie,
            "origin": server.http,
        }
        timeout = RAMP_TIMEOUT_S + args.warmup + args.duration + 120
        with RssMonitor(server.proc) as rss:
            run = run_loadgen(config, server, log_dir, f"{target.name}-load", timeout)
        if server.popen.poll() is not None:
            raise BenchError(f"{target.name} died during the run:\n" + tail(server.log_path))
    result = run.result
    start, end = run.marks.get("measure_start"), run.marks.get("measure_end")
    first = run.marks.get("ramp_start")
    cpu = end - start if start is not None and end is not None else None
    # The whole cost of a reconnect: every join, then the typing, over the same deliveries.
    cpu_all = end - first if first is not None and end is not None else None
    deliveries = result.get("deliveries") or 0
    window = result.get("duration_s") or 0

    def per_1k(seconds: float | None) -> float | None:
        return round(seconds * 1e6 / deliveries, 2) if seconds is not None and deliveries else None

    result["server"] = {
        "cpu_s": round(cpu, 3) if cpu is not None else None,
        "cpu_pct": round(100 * cpu / window, 1) if cpu is not None and window else None,
        "cpu_ms_per_1k_deliveries": per_1k(cpu),
        "cpu_from_first_handshake_s": round(cpu_all, 3) if cpu_all is not None else None,
        "cpu_ms_per_1k_from_first_handshake": per_1k(cpu_all),
        "peak_rss_mb": round(rss.peak / 2**20, 1),
    }
    return result


def measure_memory(target: Target, args: argparse.Namespace, log_dir: Path) -> JSON:
    rooms_n, extra = args.memory_rooms, args.memory_extra_clients
    port = free_port()
    argv, env = target.argv(port), target.env(port)
    with running_server(target.name, argv, env, port, log_dir, "mem") as server:
        rooms, cookie = rooms_for(target, server, rooms_n, 1 + extra)
        time.sleep(MEMORY_SETTLE_S)
        rss: dict[str, int] = {"stage-0": tree_rss(server.proc)}

        def on_stage(name: str, payload: JSON) -> None:
            time.sleep(MEMORY_SETTLE_S)
            rss[name] = tree_rss(server.proc)
            log(
                f"{target.name}: {name} {payload.get('clients')} clients, "
                f"RSS {rss[name] / 2**20:.1f} MB"
            )

        config = {
            **base_config(args),
            "mode": "memory",
            "url": target.ws_base(port),
            "roomCount": rooms_n,
            "rooms": rooms,
            "cookie": cookie,
            "origin": server.http,
            "stages": [1, extra],
            "holdTimeout": 120,
        }
        timeout = 2 * (RAMP_TIMEOUT_S + 130) + 60
        run = run_loadgen(config, server, log_dir, f"{target.name}-mem", timeout, on_stage)
        if server.popen.poll() is not None:
            raise BenchError(
                f"{target.name} died during the memory test:\n" + tail(server.log_path)
            )
    r0, r1, r2 = rss.get("stage-0"), rss.get("stage-1"), rss.get("stage-2")
    out: JSON = {
        "rooms": rooms_n,
        "extra_clients_per_room": extra,
        "rss_mb": {k: round(v / 2**20, 1) for k, v in rss.items()},
        "failures": run.result.get("failures", {}),
        "stages": run.result.get("stages", []),
    }
    if r0 is not None and r1 is not None and r2 is not None and rooms_n and extra:
        per_conn = (r2 - r1) / (rooms_n * extra)
        out["kb_per_connection"] = round(per_conn / 1024, 1)
        out["kb_per_room_with_one_client"] = round((r1 - r0) / rooms_n / 1024, 1)
        out["kb_per_room"] = round(((r1 - r0) / rooms_n - per_conn) / 1024, 1)
    return out


def bench_target(name: str, args: argparse.Namespace, log_dir: Path, *, round_no: int = 1) -> JSON:
    entry: JSON = {"target": name, "round": round_no, "ok": False}
    data_dir: Path | None = None
    try:
        if name == "chorus":
            data_dir = Path(tempfile.mkdtemp(prefix="chorus-bench-data-"))
            target = chorus_target(max(args.rooms, args.memory_rooms), data_dir)
        elif name == "pycrdt":
            target = pycrdt_target()
        else:
            target = node_target()
        if args.memory_rooms > 0 and round_no == 1:
            log(f"{name}: memory test ({args.memory_rooms} rooms)")
            entry["memory"] = measure_memory(target, args, log_dir)
        log(
            f"{name}: load test ({args.rooms} rooms x {args.clients} clients, "
            f"{args.duration:g} s), round {round_no} of {args.rounds}"
        )
        entry["load"] = measure_load(target, args, log_dir)
        entry["ok"] = True
    except BenchError as exc:
        entry["error"] = str(exc)
        log(f"{name}: FAILED: {exc}")
    finally:
        if data_dir is not None:
            shutil.rmtree(data_dir, ignore_errors=True)
    return entry


# ---------------------------------------------------------------------------------------------
# output


def fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = [
        "  ".join(
            h.rjust(w) if i else h.ljust(w)
            for i, (h, w) in enumerate(zip(headers, widths, strict=True))
        )
    ]
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append(
            "  ".join(
                c.rjust(w) if i else c.ljust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    return "\n".join(lines)


# fmt: off
LOAD_HEADERS = [
    "target", "clients", "rooms", "typers", "all synced s", "deliv/s", "p50 ms", "p95 ms",
    "p99 ms", "max ms", "CPU s", "CPU %", "CPU ms/1k", "CPU ms/1k from 1st handshake",
    "peak RSS MB", "failures", "converged",
]
# fmt: on


def load_row(name: str, load: JSON) -> list[str]:
    lat, srv = load["latency_ms"], load["server"]
    if load["converged"]:
        converged = "yes"
    elif load["converged_rooms"] == load["rooms"]:
        converged = "no (fresh client)"
    else:
        converged = "no"
    return [
        name,
        fmt(load["clients"]),
        fmt(load["rooms"]),
        fmt(load["typers"]),
        fmt(load["ramp_ms"] / 1000, 2),
        fmt(float(load["deliveries_per_s"]), 0),
        *(fmt(float(lat[k])) for k in ("p50", "p95", "p99", "max")),
        fmt(srv["cpu_s"], 2),
        fmt(srv["cpu_pct"]),
        fmt(srv["cpu_ms_per_1k_deliveries"]),
        fmt(srv["cpu_ms_per_1k_from_first_handshake"]),
        fmt(srv["peak_rss_mb"]),
        fmt(load["failures"]["total"]),
        converged,
    ]


def load_notes(name: str, load: JSON) -> list[str]:
    lg = load.get("loadgen", {})
    lag = lg.get("event_loop_lag_ms", {})
    failures = load["failures"]
    detail = ", ".join(f"{k}={v}" for k, v in failures.items() if k != "total" and v)
    notes = [
        f"{name}: {fmt(load['keystrokes_measured'])} keystrokes measured, "
        f"{fmt(load['deliveries'])} deliveries; load generator CPU {fmt(lg.get('cpu_s'), 2)} s, "
        f"timer lag p99 {fmt(lag.get('p99'))} ms"
        + (f"; failures: {detail}" if detail else "")
        + (f"; errors: {'; '.join(load['error_samples'])}" if load.get("error_samples") else "")
    ]
    offered = load["typers"] * load["rate"] * (load.get("duration_s") or 0)
    if (lag.get("p99") or 0) > 50:
        notes.append(
            f"{name}: WARNING: the load generator's timers ran late (lag p99 "
            f"{fmt(lag.get('p99'))} ms): it was short of CPU, and the latencies include that "
            "delay. Rerun on a quieter machine or with a lighter load."
        )
    if offered and load["keystrokes_measured"] < 0.95 * offered:
        notes.append(
            f"{name}: WARNING: only {load['keystrokes_measured']:,} of {offered:,.0f} keystrokes "
            "were sent in the window: the offered load was lower than asked."
        )
    return notes


def _cpu_per_1k(entry: JSON) -> float | None:
    load = entry.get("load")
    return None if not load else load["server"]["cpu_ms_per_1k_deliveries"]


def cpu_summary(results: list[JSON], rounds: int) -> list[str]:
    """CPU per 1,000 deliveries: the median over rounds per target, and Chorus against the Node
    reference round by round (the target compares them within the same run)."""
    lines: list[str] = []
    by_target: dict[str, list[float]] = {}
    for e in results:
        cpu = _cpu_per_1k(e)
        if cpu is not None:
            by_target.setdefault(e["target"], []).append(cpu)
    if rounds > 1 and by_target:
        medians = ", ".join(f"{t} {statistics.median(v):.1f}" for t, v in by_target.items())
        lines.append(f"CPU ms per 1,000 deliveries, median of {rounds} rounds: {medians}")
    ratios = []
    for round_no in range(1, rounds + 1):
        in_round = {e["target"]: _cpu_per_1k(e) for e in results if e["round"] == round_no}
        chorus, node = in_round.get("chorus"), in_round.get("node")
        if chorus and node:
            ratios.append(chorus / node)
    if ratios:
        each = ", ".join(f"{r:.2f}" for r in ratios)
        median = f"; median {statistics.median(ratios):.2f}" if len(ratios) > 1 else ""
        lines.append(f"Chorus CPU per delivery / Node reference's, same round: {each}{median}")
    return lines


# The live co-editing issue's steady-state targets: p99 by load, CPU against the reference.
STEADY_P99_MS = ((100, 10.0), (1000, 30.0))  # (up to this many clients, p99 at most)
STEADY_CPU_RATIO = 1.5
# The reconnect storm's: everyone synced within 2x the reference's time; from 5,000 clients the
# editing p99 no worse than the reference's.
STORM_SYNC_RATIO = 2.0
STORM_P99_FROM_CLIENTS = 5000


def target_checks(results: list[JSON], args: argparse.Namespace) -> list[tuple[str, bool]]:
    """Each target this run can judge, round by round: (what, met). Chorus is compared with the
    Node reference of the same round, never with another run's."""
    checks: list[tuple[str, bool]] = []
    for round_no in range(1, args.rounds + 1):
        loads = {e["target"]: e.get("load") for e in results if e["round"] == round_no}
        chorus, node = loads.get("chorus"), loads.get("node")
        tag = f" (round {round_no})" if args.rounds > 1 else ""
        if "chorus" in loads and chorus is None:
            checks.append((f"Chorus ran{tag}", False))
            continue
        if chorus is None:
            continue
        clients = chorus["clients"]
        checks.append(
            (
                f"Chorus: no failed connection, every room converged{tag}",
                chorus["failures"]["total"] == 0 and chorus["converged"],
            )
        )
        p99 = float(chorus["latency_ms"]["p99"] or 0)
        if args.storm:
            if node is None:
                continue
            limit = STORM_SYNC_RATIO * node["ramp_ms"]
            checks.append(
                (
                    f"storm: all {clients:,} synced in {chorus['ramp_ms'] / 1000:.2f} s, within "
                    f"{STORM_SYNC_RATIO:g} x the reference's {node['ramp_ms'] / 1000:.2f} s{tag}",
                    chorus["ramp_ms"] <= limit,
                )
            )
            if clients >= STORM_P99_FROM_CLIENTS:
                ref = float(node["latency_ms"]["p99"] or 0)
                checks.append(
                    (
                        f"storm: editing p99 {p99:.1f} ms no worse than the reference's "
                        f"{ref:.1f} ms{tag}",
                        p99 <= ref,
                    )
                )
            continue
        for up_to, limit_ms in STEADY_P99_MS:
            if clients <= up_to:
                checks.append(
                    (
                        f"steady: p99 {p99:.1f} ms <= {limit_ms:g} ms at {clients:,} clients{tag}",
                        p99 <= limit_ms,
                    )
                )
                break
        cpu = chorus["server"]["cpu_ms_per_1k_deliveries"]
        ref_cpu = node["server"]["cpu_ms_per_1k_deliveries"] if node else None
        if cpu is not None and ref_cpu:
            checks.append(
                (
                    f"steady: CPU {cpu:.1f} ms per 1k deliveries <= {STEADY_CPU_RATIO:g} x the "
                    f"reference's {ref_cpu:.1f}{tag}",
                    cpu <= STEADY_CPU_RATIO * ref_cpu,
                )
            )
    return checks


def report(results: list[JSON], args: argparse.Namespace) -> str:
    out: list[str] = []
    opening = (
        "Reconnect storm: every handshake at once, then"
        if args.storm
        else "Steady state: clients opened 50 handshakes at a time, then"
    )
    out.append(
        f"{opening} {args.rooms} rooms x {args.clients} clients, typing share "
        f"{args.typing_share:g}, {args.rate:g} keystrokes/s per typer, {args.duration:g} s "
        f"measured after {args.warmup:g} s warm-up; permessage-deflate "
        f"{'on' if args.deflate else 'off'}."
    )
    headers = LOAD_HEADERS
    rows: list[list[str]] = []
    notes: list[str] = []
    for e in results:
        name = e["target"] + (f" #{e['round']}" if args.rounds > 1 else "")
        load = e.get("load")
        if load:
            rows.append(load_row(name, load))
            notes.extend(load_notes(name, load))
        else:
            rows.append([name, *["-"] * (len(headers) - 3), "FAILED", "-"])
            notes.append(f"{name}: {e.get('error', 'failed').splitlines()[0]}")
    out.append(table(headers, rows))
    out.extend(f"  {n}" for n in notes)
    out.extend(cpu_summary(results, args.rounds))
    checks = target_checks(results, args)
    if checks:
        out.append("Targets:")
        out.extend(f"  {'met   ' if ok else 'MISSED'}  {what}" for what, ok in checks)

    mem_rows: list[list[str]] = []
    for e in results:
        m = e.get("memory")
        if not m:
            continue
        rss = m["rss_mb"]
        mem_rows.append(
            [
                e["target"],
                fmt(rss.get("stage-0")),
                fmt(rss.get("stage-1")),
                fmt(rss.get("stage-2")),
                fmt(m.get("kb_per_room")),
                fmt(m.get("kb_per_connection")),
                fmt(m["failures"].get("total")),
            ]
        )
    if mem_rows:
        n, x = args.memory_rooms, args.memory_extra_clients
        out.append("")
        out.append(f"Memory: RSS with 0 rooms, {n} rooms x 1 idle client, then {x} more each.")
        out.append(
            table(
                [
                    "target",
                    "RSS 0 MB",
                    f"RSS {n} rooms MB",
                    f"+{n * x} conns MB",
                    "KB/room",
                    "KB/conn",
                    "failures",
                ],
                mem_rows,
            )
        )
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# main


def ensure_node_modules() -> None:
    if shutil.which("node") is None:
        raise SystemExit("bench: `node` is not on PATH (Node 18+ is needed for the clients)")
    if (BENCH_DIR / "node_modules" / "y-websocket" / "bin" / "server.js").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("bench: bench/node_modules is missing and `npm` is not on PATH")
    log("installing bench/node_modules (npm ci)")
    try:
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=BENCH_DIR,
            check=True,
            timeout=SETUP_TIMEOUT_S,
            stdout=sys.stderr,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        raise SystemExit(f"bench: npm ci failed: {exc}") from exc


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="bench/run.py",
        description="Benchmark Chorus against pycrdt-websocket and the y-websocket Node server.",
    )
    p.add_argument("--rooms", type=int, help="rooms (default 20; 200 with --large)")
    p.add_argument("--clients", type=int, help="clients per room (default 5)")
    p.add_argument(
        "--typing-share",
        type=float,
        help="share of clients that type, 0..1 (default 1.0; 0.2 with --large)",
    )
    p.add_argument("--rate", type=float, default=5.0, help="keystrokes/s per typer (default 5)")
    p.add_argument("--duration", type=float, default=20.0, help="measured seconds (default 20)")
    p.add_argument("--warmup", type=float, default=3.0, help="warm-up seconds (default 3)")
    p.add_argument(
        "--targets",
        default=",".join(TARGETS),
        help="comma-separated, from chorus,pycrdt,node (default: all three)",
    )
    p.add_argument(
        "--large",
        action="store_true",
        help="preset: 200 rooms x 5 clients, typing share 0.2 (1,000 clients)",
    )
    p.add_argument(
        "--memory-rooms",
        type=int,
        default=100,
        help="rooms opened for the memory test (default 100; 0 skips it)",
    )
    p.add_argument(
        "--memory-extra-clients",
        type=int,
        default=4,
        help="idle clients added per room in the memory test's 2nd step (default 4)",
    )
    p.add_argument(
        "--deflate",
        action="store_true",
        help="clients offer permessage-deflate, as browsers do (default: off)",
    )
    p.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="run the load test this many times, targets alternating; CPU figures on a shared "
        "machine vary by 10-20%% from run to run, so compare medians (default 1)",
    )
    p.add_argument(
        "--storm",
        action="store_true",
        help="reconnect storm: every handshake at once, CPU counted from the first one",
    )
    p.add_argument("--json", type=Path, metavar="PATH", help="also write the results here")
    p.add_argument(
        "--logs",
        type=Path,
        metavar="DIR",
        help="keep server and load generator logs in DIR (default: discarded)",
    )
    args = p.parse_args(argv)
    large = args.large
    args.rooms = args.rooms if args.rooms is not None else (200 if large else 20)
    args.clients = args.clients if args.clients is not None else 5
    if args.typing_share is None:
        args.typing_share = 0.2 if large else 1.0
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    unknown = [t for t in targets if t not in TARGETS]
    if unknown or not targets:
        p.error(f"--targets: unknown {unknown}; choose from {','.join(TARGETS)}")
    args.targets = targets
    if args.rooms < 1 or args.clients < 1 or args.rate <= 0 or args.duration <= 0:
        p.error("--rooms, --clients, --rate and --duration must be positive")
    if not 0 <= args.typing_share <= 1:
        p.error("--typing-share must be within 0..1")
    if args.rounds < 1:
        p.error("--rounds must be >= 1")
    if args.memory_rooms < 0 or args.memory_extra_clients < 1:
        p.error("--memory-rooms must be >= 0 and --memory-extra-clients >= 1")
    return args


def _terminate(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds through the `finally` blocks that stop servers


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    ensure_node_modules()
    node_version = subprocess.run(
        ["node", "--version"], capture_output=True, text=True, timeout=30, check=False
    ).stdout.strip()
    log_dir = args.logs or Path(tempfile.mkdtemp(prefix="chorus-bench-logs-"))
    log_dir.mkdir(parents=True, exist_ok=True)
    results: list[JSON] = []
    try:
        for round_no in range(1, args.rounds + 1):
            for name in args.targets:
                results.append(bench_target(name, args, log_dir, round_no=round_no))
    finally:
        if args.logs is None:
            shutil.rmtree(log_dir, ignore_errors=True)
    text = report(results, args)
    print(text, flush=True)
    if args.json:
        doc = {
            "config": {
                "rooms": args.rooms,
                "clients": args.clients,
                "typing_share": args.typing_share,
                "rate": args.rate,
                "duration_s": args.duration,
                "warmup_s": args.warmup,
                "deflate": args.deflate,
                "storm": args.storm,
                "memory_rooms": args.memory_rooms,
                "memory_extra_clients": args.memory_extra_clients,
                "targets": args.targets,
                "rounds": args.rounds,
            },
            "machine": {
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "python": platform.python_version(),
                "node": node_version,
            },
            "results": results,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(doc, indent=2) + "\n")
        log(f"results written to {args.json}")
    met = all(ok for _, ok in target_checks(results, args))
    return 0 if all(r["ok"] for r in results) and met else 1


if __name__ == "__main__":
    sys.exit(main())
