"""Fixtures for the storage tests: every test that takes ``db_url`` runs on SQLite and on a
real PostgreSQL server (Debian's ``postgresql`` package, started on a free loopback port by
scripts/postgres_test_server.py). Without the server binaries the PostgreSQL runs skip,
except when $CI is set, where they fail.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]
REP = "Dana Reyes"
PROSPECT = "Sam Lee"


def _server_module() -> ModuleType:
    name = "postgres_test_server"
    if name in sys.modules:
        return sys.modules[name]
    return load_script(name)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    module = _server_module()
    try:
        module.find_binaries()
    except module.PostgresUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but PostgreSQL is unavailable: {exc}")
        pytest.skip(str(exc))
    server = module.start()
    yield server
    module.stop(server)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database of each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'callcoach.db'}"
        return
    yield request.getfixturevalue("pg_url")


@pytest.fixture
def pg_url(pg_server: Any) -> Iterator[str]:
    """A URL to a new empty database on the test PostgreSQL server."""
    module = _server_module()
    name = f"t_{uuid.uuid4().hex[:12]}"
    module.create_database(pg_server, name)
    yield pg_server.url(name)
    module.drop_database(pg_server, name)


def write_calls(folder: Path, count: int, offset: int = 0) -> list[Path]:
    """``count`` small distinct WebVTT calls between REP and PROSPECT (3–7 turns each)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(offset, offset + count):
        lines = ["WEBVTT", f"Company: Acme {i % 4}", ""]
        for k in range(3 + i % 5):
            who, text = (
                (REP, f"What does problem {i}.{k} cost your team today?")
                if k % 2 == 0
                else (PROSPECT, f"About {i * 10 + k} hours a week, I think.")
            )
            start = 6 * k
            lines += [f"00:{start:02d}.000 --> 00:{start + 5:02d}.000", f"{who}: {text}", ""]
        path = folder / f"call{i:03d}.vtt"
        path.write_text("\n".join(lines), encoding="utf-8")
        files.append(path)
    return files
