"""`chorus rotate-keys`: personal data sealed under an old key is sealed again under the new
one, after which the old key can leave the ring and everything still opens."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from server.config import load_settings
from server.sealing import KeyRing, UnknownKeyError, decode_key, field_context
from tests.support.servers import REPO, Template, chorus, new_server
from tests.test_personal_data_at_rest import _query


def _rotate(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`chorus rotate-keys`, for the cases that are meant to fail (see `chorus` otherwise)."""
    return subprocess.run(
        [sys.executable, "-m", "server.cli", "rotate-keys", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _ring(text: str, data_dir: Path) -> KeyRing:
    lookup = decode_key((data_dir / "lookup_key").read_text())
    return KeyRing.parse(text, lookup_key=lookup)


def test_rotating_reseals_everything_and_the_old_key_can_go(
    template: Template, tmp_path: Path, accounts: dict[str, str]
) -> None:
    server = new_server(template, tmp_path)
    ring_file = server.data_dir / "personal_data_keys"
    old_ring = ring_file.read_text().strip()
    assert old_ring.startswith("k1:") and "," not in old_ring
    server.env.pop("CHORUS_PERSONAL_DATA_KEYS", None)

    output = chorus(["rotate-keys", "--new-key"], server.env)
    assert "New key k2 added in front of the ring" in output
    settings = load_settings(server.env)
    people = _query(settings.database_url, "SELECT count(*) FROM users")[0][0]
    assert "re-sealed with key k2; 0 already were" in output
    assert f"{people} of {people} people checked" in output
    new_ring = ring_file.read_text().strip()
    assert new_ring.startswith("k2:") and new_ring.endswith(old_ring)
    assert ring_file.stat().st_mode & 0o777 == 0o600

    # Every blob opens with the new key alone, and no longer with the old one.
    only_new = _ring(new_ring.split(",")[0], server.data_dir)
    only_old = _ring(old_ring, server.data_dir)
    rows = _query(
        settings.database_url,
        "SELECT id, email_sealed, nationality_sealed, phone_sealed FROM users",
    )
    opened = 0
    for user_id, *blobs in rows:
        for field, blob in zip(("email", "nationality", "phone"), blobs, strict=True):
            if not blob:
                continue
            context = field_context("users", field, int(str(user_id)))
            assert isinstance(blob, bytes)
            only_new.decrypt(blob, associated_data=context)
            with pytest.raises(UnknownKeyError):
                only_old.decrypt(blob, associated_data=context)
            opened += 1
    assert opened >= len(accounts)
    # So are the speaker volunteers' answers about the country.
    answers = _query(
        settings.database_url,
        "SELECT statement_id, user_id, is_national_sealed, in_national_process_sealed "
        "FROM speaker_volunteers",
    )
    sealed = 0
    for statement_id, user_id, *blobs in answers:
        for field, blob in zip(("is_national", "in_national_process"), blobs, strict=True):
            if not blob:
                continue
            assert isinstance(blob, bytes)
            context = field_context("speaker_volunteers", field, f"{statement_id}:{user_id}")
            only_new.decrypt(blob, associated_data=context)
            sealed += 1
    assert sealed >= 3  # the demo's two volunteers on Kenya: three answers given

    # Nothing left to do the second time.
    again = chorus(["rotate-keys"], server.env)
    assert f"re-sealed with key k2; {people} already were" in again

    # The old key leaves the ring: people still sign in and see their own email.
    ring_file.write_text(new_ring.split(",")[0] + "\n")
    server.start()
    try:
        answer = httpx.post(
            f"{server.base_url}/api/session",
            json={"email": "amina@example.org", "password": accounts["amina@example.org"]},
        )
        assert answer.status_code == 200
        assert answer.json()["user"]["email"] == "amina@example.org"
        with httpx.Client(base_url=server.base_url) as sofia:
            sofia.post(
                "/api/session",
                json={"email": "sofia@example.org", "password": accounts["sofia@example.org"]},
            ).raise_for_status()
            kenya = sofia.get("/api/statements/1/speakers").json()
            assert {v["name"]: v["is_national"] for v in kenya["volunteers"]}["Amina Yusuf"]
    finally:
        server.stop()


def test_a_ring_from_the_environment_is_not_rewritten_and_a_missing_key_stops_safely(
    template: Template, tmp_path: Path
) -> None:
    server = new_server(template, tmp_path)
    foreign = "k9:" + "A" * 43 + "="
    env = {**server.env, "CHORUS_PERSONAL_DATA_KEYS": foreign}
    refused = _rotate(env, "--new-key")
    assert refused.returncode == 2
    assert "put a new key in front of it" in refused.stderr
    # A ring without the key the data was sealed with: stops, names the key, changes nothing.
    url = load_settings(server.env).database_url
    before = _query(url, "SELECT id, email_sealed FROM users ORDER BY id")
    missing = _rotate(env)
    assert missing.returncode == 2
    assert "'k1', which is not in the key ring" in missing.stderr
    assert "nothing was lost" in missing.stderr
    assert "A" * 20 not in missing.stderr + missing.stdout  # no key material printed
    assert _query(url, "SELECT id, email_sealed FROM users ORDER BY id") == before
