"""The production shape, checked without a container engine: docker-compose.yml runs the app built
from the Dockerfile next to postgres:15, each with a named volume; every CHORUS_* variable it or
the Dockerfile sets is one the app reads; the image's command runs `chorus` subcommands that exist.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from server.config import load_settings
from tests.support.servers import REPO

CONFIG = REPO / "server" / "config.py"
VARIABLE = re.compile(r"CHORUS_[A-Z_]+")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    assert isinstance(data, dict)
    return data


def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = compose.get("services")
    assert isinstance(found, dict) and found, "no services"
    return found


def app_service(compose: dict[str, Any]) -> dict[str, Any]:
    """The one service built from the repository's Dockerfile."""
    built = []
    for service in services(compose).values():
        build = service.get("build")
        if isinstance(build, str):
            build = {"context": build}
        if (
            isinstance(build, dict)
            and build.get("context", ".") in (".", "./")
            and build.get("dockerfile", "Dockerfile") == "Dockerfile"
        ):
            built.append(service)
    assert len(built) == 1, "exactly one service should be built from ./Dockerfile"
    return built[0]


def db_service(compose: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    found = [(n, s) for n, s in services(compose).items() if s.get("image") == "postgres:15"]
    assert len(found) == 1, "exactly one postgres:15 service"
    return found[0]


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):  # the `- NAME=value` form
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {str(k): str(v) for k, v in env.items()}


def named_volume_at(compose: dict[str, Any], service: dict[str, Any], target: str) -> str:
    """The named volume (declared at the top level) that `service` mounts at `target`."""
    declared = compose.get("volumes") or {}
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            source, mounted = volume.get("source"), volume.get("target")
        else:
            source, mounted = [*str(volume).split(":"), ""][:2]
        if mounted == target:
            assert source in declared, f"{source!r} is not a declared named volume"
            return str(source)
    raise AssertionError(f"no volume mounted at {target}")


def variables_the_app_reads() -> set[str]:
    """CHORUS_* string literals in server/config.py, the one module that reads the environment."""
    tree = ast.parse(CONFIG.read_text())
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and VARIABLE.fullmatch(node.value)
    }


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n", " ", (REPO / "Dockerfile").read_text())
    found = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def chorus_subcommands() -> set[str]:
    script = Path(sys.executable).with_name("chorus")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "server.cli"]
    result = subprocess.run(
        [*command, "--help"], cwd=REPO, capture_output=True, text=True, timeout=60, check=True
    )
    listed = re.search(r"\{([a-z,-]+)\}", result.stdout)
    assert listed, result.stdout
    return set(listed.group(1).split(","))


def test_the_app_reads_only_in_config() -> None:
    """The variable scan below is only sound if no other server module reads the environment."""
    for path in sorted((REPO / "server").rglob("*.py")):
        if path != CONFIG:
            source = path.read_text()
            assert "os.environ" not in source and "getenv" not in source, path


def test_app_and_postgres_each_with_a_named_volume(compose: dict[str, Any]) -> None:
    app = app_service(compose)
    db_name, db = db_service(compose)
    app_volume = named_volume_at(compose, app, environment(app)["CHORUS_DATA_DIR"])
    db_volume = named_volume_at(compose, db, "/var/lib/postgresql/data")
    assert app_volume != db_volume
    assert environment(app)["CHORUS_DATA_DIR"] == "/data"
    assert environment(app)["CHORUS_DATABASE_URL"] == (
        f"postgresql+asyncpg://chorus:chorus@{db_name}:5432/chorus"
    )
    # The secret comes from the operator's environment, and compose refuses to start without it.
    assert environment(app)["CHORUS_SECRET_KEY"].startswith("${CHORUS_SECRET_KEY:?")
    # The app starts once the database answers.
    assert db.get("healthcheck", {}).get("test")
    assert app["depends_on"][db_name]["condition"] == "service_healthy"


def test_every_chorus_variable_set_is_one_the_app_reads(compose: dict[str, Any]) -> None:
    known = variables_the_app_reads()
    assert {"CHORUS_DATA_DIR", "CHORUS_DATABASE_URL", "CHORUS_SECRET_KEY"} <= known
    set_in_compose = {
        name for service in services(compose).values() for name in environment(service)
    }
    set_in_image = {
        name
        for word, arguments in dockerfile_instructions()
        if word == "ENV"
        for name in re.findall(r"(CHORUS_[A-Z_]+)=", arguments)
    }
    chorus_variables = {n for n in set_in_compose | set_in_image if n.startswith("CHORUS_")}
    assert {"CHORUS_ALLOWED_ORIGINS", "CHORUS_SECURE_COOKIES"} <= chorus_variables
    assert chorus_variables - known == set(), f"the app reads only {sorted(known)}"


def test_the_image_runs_chorus_subcommands_that_exist() -> None:
    instructions = dockerfile_instructions()
    assert instructions[0][1].startswith("node:20"), "the client is built in a node:20 stage"
    stages = [arguments for word, arguments in instructions if word == "FROM"]
    assert stages[-1] == "python:3.11-slim"
    final = [arguments for word, arguments in instructions if word in ("CMD", "ENTRYPOINT")][-1]
    command = " ".join(json.loads(final)) if final.startswith("[") else final
    used = re.findall(r"\bchorus\s+([a-z][a-z-]*)", command)
    assert used[:2] == ["migrate", "serve"], command
    assert set(used) <= chorus_subcommands()
    assert "--host 0.0.0.0" in command and "--port 8000" in command


def test_the_proxy_in_front_is_trusted_for_forwarded_addresses(
    compose: dict[str, Any], tmp_path: Path
) -> None:
    """The proxy's connections come through the published port, from the gateway of the app's
    network: that gateway (and only it, by default) is trusted for X-Forwarded-For, or every
    visitor would share one address for the sign-in limits."""
    app = app_service(compose)
    trusted = environment(app)["CHORUS_FORWARDED_ALLOW_IPS"]
    default = re.fullmatch(r"\$\{CHORUS_FORWARDED_ALLOW_IPS:-([^}]+)\}", trusted)
    assert default, trusted
    (network,) = app["networks"]
    pools = compose["networks"][network]["ipam"]["config"]
    gateways = sorted(str(pool["gateway"]) for pool in pools)
    settings = load_settings(
        {"CHORUS_DATA_DIR": str(tmp_path), "CHORUS_FORWARDED_ALLOW_IPS": default.group(1)}
    )
    assert sorted(settings.forwarded_allow_ips) == gateways


def test_a_mistyped_trusted_proxy_stops_the_server_at_start(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="CHORUS_FORWARDED_ALLOW_IPS"):
        load_settings(
            {"CHORUS_DATA_DIR": str(tmp_path), "CHORUS_FORWARDED_ALLOW_IPS": "172.28.0.1;10.0.0.1"}
        )
