"""Settings, read once from the environment; everything else receives a `Settings`."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
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
    session_days: int = 14

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _secret_key(data_dir: Path, env: Mapping[str, str]) -> str:
    """The signing key: CHORUS_SECRET_KEY, else one generated on first run and kept in data_dir."""
    if env.get("CHORUS_SECRET_KEY"):
        return env["CHORUS_SECRET_KEY"]
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # Owner-only: the key signs every session cookie.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key + "\n")
    return key


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
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        secret_key=_secret_key(data_dir, env),
        allowed_origins=origins,
        client_dist=Path(env.get("CHORUS_CLIENT_DIST", str(default_dist))),
        secure_cookies=env.get("CHORUS_SECURE_COOKIES", "") in ("1", "true", "yes"),
    )
