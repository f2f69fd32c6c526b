"""Settings, read once from the environment; everything else receives a `Settings`."""

from __future__ import annotations

import base64
import ipaddress
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    secret_key: str
    allowed_origins: tuple[str, ...] = ()
    client_dist: Path = field(default_factory=lambda: Path("client/dist"))
    # The y-websocket hot path bounds (see collab/): one message, one document, a flood.
    max_message_bytes: int = 1024 * 1024
    max_document_bytes: int = 4 * 1024 * 1024
    messages_per_second: float = 100.0
    message_burst: int = 400
    send_queue_limit: int = 2000
    # Group commit window for the update log and the bounds that trigger compaction.
    commit_window_seconds: float = 0.05
    compact_after_updates: int = 500
    room_grace_seconds: float = 2.0
    secure_cookies: bool = False
    # How long a sign-in lasts; open sockets of a sign-in are closed when it ends.
    sign_in_seconds: float = 14 * 24 * 3600.0
    # Personal data at rest: the encryption key ring ("k2:base64,k1:base64", first current)
    # and the look-up key for email hashes. Empty: derived from `secret_key` (tests only;
    # `load_settings` always fills them).
    personal_data_keys: str = ""
    lookup_key: str = ""
    # The file the key ring is kept in, when it was generated rather than set in the
    # environment (`chorus rotate-keys --new-key` adds keys to it); None otherwise.
    personal_data_keys_file: Path | None = None
    # How many exports render at once in worker threads, process-wide, so live editing keeps
    # the event loop and the other core.
    export_concurrency: int = 2
    # How long one export may render; past it the render is stopped (its worker process
    # killed) and the request answered 503, so no text can hold a slot.
    export_seconds: float = 20.0
    # How many export requests may wait for a slot; past them the answer is 429 with
    # Retry-After at once, so a burst holds no connections open (default: 2 per slot).
    export_queue: int = 4
    # The proxies whose X-Forwarded-For/-Proto are believed (addresses or networks; "*" for
    # any): the client's address behind them keys the sign-in limits. Only loopback by default.
    forwarded_allow_ips: tuple[str, ...] = ("127.0.0.1", "::1")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _kept_secret(
    data_dir: Path, env: Mapping[str, str], name: str, filename: str, generate: Callable[[], str]
) -> str:
    """The value of environment variable `name`, else one generated on first run and kept in
    `data_dir/filename` (owner-only; never committed)."""
    if env.get(name):
        return env[name]
    path = data_dir / filename
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    value = generate()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(value + "\n")
    return value


def _new_key_ring() -> str:
    return "k1:" + base64.b64encode(secrets.token_bytes(32)).decode()


def _new_lookup_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def _trusted_proxies(value: str | None) -> tuple[str, ...]:
    """`CHORUS_FORWARDED_ALLOW_IPS`: comma-separated addresses or networks (CIDR), or "*".

    A typo here would silently trust no proxy (every visitor sharing one address) or the wrong
    one, so anything that is not an address, a network or "*" stops the server at start."""
    if value is None or not value.strip():
        return Settings.forwarded_allow_ips
    entries = tuple(entry.strip() for entry in value.split(",") if entry.strip())
    for entry in entries:
        if entry == "*":
            continue
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ValueError(
                f"CHORUS_FORWARDED_ALLOW_IPS: {entry!r} is neither an IP address nor a network "
                "(e.g. 172.28.0.1 or 172.28.0.0/16) nor '*'."
            ) from None
    return entries


def _positive_seconds(env: Mapping[str, str], name: str, default: float) -> float:
    """Environment variable `name` as a positive number of seconds, else `default`."""
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < 10**9:  # NaN and infinity too
        raise ValueError(f"{name}: {value!r} is not a positive number of seconds.")
    return seconds


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read the settings from `env` (default: the process environment), with safe defaults."""
    env = os.environ if env is None else env
    data_dir = Path(env.get("CHORUS_DATA_DIR", "var")).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    database_url = env.get("CHORUS_DATABASE_URL") or f"sqlite+aiosqlite:///{data_dir / 'chorus.db'}"
    origins = tuple(
        o.strip().rstrip("/") for o in env.get("CHORUS_ALLOWED_ORIGINS", "").split(",") if o.strip()
    )
    default_dist = Path(__file__).resolve().parent.parent / "client" / "dist"
    export_concurrency = max(1, int(env.get("CHORUS_EXPORT_CONCURRENCY", "2")))
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        # The key that signs every sign-in cookie.
        secret_key=_kept_secret(
            data_dir, env, "CHORUS_SECRET_KEY", "secret_key", lambda: secrets.token_urlsafe(48)
        ),
        personal_data_keys=_kept_secret(
            data_dir, env, "CHORUS_PERSONAL_DATA_KEYS", "personal_data_keys", _new_key_ring
        ),
        lookup_key=_kept_secret(data_dir, env, "CHORUS_LOOKUP_KEY", "lookup_key", _new_lookup_key),
        personal_data_keys_file=None
        if env.get("CHORUS_PERSONAL_DATA_KEYS")
        else data_dir / "personal_data_keys",
        allowed_origins=origins,
        client_dist=Path(env.get("CHORUS_CLIENT_DIST", str(default_dist))),
        secure_cookies=env.get("CHORUS_SECURE_COOKIES", "") in ("1", "true", "yes"),
        export_concurrency=export_concurrency,
        export_seconds=_positive_seconds(env, "CHORUS_EXPORT_SECONDS", Settings.export_seconds),
        export_queue=max(0, int(env.get("CHORUS_EXPORT_QUEUE", str(2 * export_concurrency)))),
        sign_in_seconds=_positive_seconds(env, "CHORUS_SESSION_SECONDS", Settings.sign_in_seconds),
        forwarded_allow_ips=_trusted_proxies(env.get("CHORUS_FORWARDED_ALLOW_IPS")),
    )
