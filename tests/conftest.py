from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.servers import Server, Template, make_template, new_server


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    return make_template(tmp_path_factory.mktemp("chorus"))


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def server(template: Template, tmp_path: Path) -> Iterator[Server]:
    """A real Chorus on a loopback port with its own copy of the demo database."""
    srv = new_server(template, tmp_path)
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def accounts(template: Template) -> dict[str, str]:
    return template.accounts()
