"""Start and stop a throwaway PostgreSQL server on a free 127.0.0.1 port (for tests).

Uses the server binaries of Debian's ``postgresql`` package (/usr/lib/postgresql/*/bin, or
the folder in $CALLCOACH_PG_BIN). PostgreSQL refuses to run as root, so as root the data
folder belongs to the ``postgres`` system user and the server is started with ``runuser``.
Durability is switched off (fsync, synchronous_commit): the data is thrown away anyway.

    python scripts/postgres_test_server.py start   # prints the URL and the folder
    python scripts/postgres_test_server.py stop FOLDER
"""

from __future__ import annotations

import argparse
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PostgresServer", "find_binaries", "start", "stop"]

SUPERUSER = "postgres"
DATABASE = "callcoach"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


@dataclass(frozen=True)
class PostgresServer:
    folder: Path
    port: int
    bin_dir: Path

    def url(self, database: str = DATABASE) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def admin_url(self) -> str:
        """A libpq URL for the maintenance database (for psycopg.connect)."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/postgres"


def find_binaries() -> Path:
    """The newest folder holding initdb and pg_ctl; ``PostgresUnavailable`` when none."""
    override = os.environ.get("CALLCOACH_PG_BIN")
    candidates = [override] if override else []
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += sorted(versions, key=lambda p: int(Path(p).parent.name or 0), reverse=True)
    for folder in candidates:
        if all((Path(folder) / tool).is_file() for tool in ("initdb", "pg_ctl")):
            return Path(folder)
    raise PostgresUnavailable(
        "PostgreSQL server binaries not found (install Debian's `postgresql` package, "
        "or set CALLCOACH_PG_BIN to the folder holding initdb and pg_ctl)"
    )


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", SUPERUSER, "--", *command]


def _run(command: list[str]) -> None:
    result = subprocess.run(_as_server_user(command), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start(attempts: int = 3) -> PostgresServer:
    """initdb into a new temp folder, start the server, create the ``callcoach`` database."""
    bin_dir = find_binaries()
    folder = Path(tempfile.mkdtemp(prefix="callcoach-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam(SUPERUSER)
        os.chown(folder, user.pw_uid, user.pw_gid)
    data = folder / "data"
    try:
        _run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                *["-E", "UTF8", "--no-locale", "--no-sync"],
            ]
        )
        for attempt in range(attempts):
            port = _free_port()  # another process may take it before the server binds: retry
            options = (
                f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off"
            )
            try:
                _run(
                    [
                        str(bin_dir / "pg_ctl"),
                        *("-D", str(data), "-l", str(folder / "server.log")),
                        *("-o", options, "-w", "-t", "60", "start"),
                    ]
                )
                break
            except RuntimeError:
                if attempt == attempts - 1:
                    log = folder / "server.log"
                    raise RuntimeError(
                        log.read_text() if log.exists() else "no server log"
                    ) from None
        server = PostgresServer(folder, port, bin_dir)
        create_database(server, DATABASE)
        return server
    except BaseException:
        _stop_folder(bin_dir, folder)
        raise


def create_database(server: PostgresServer, name: str) -> None:
    import psycopg

    deadline = time.monotonic() + 30
    while True:
        try:
            with psycopg.connect(server.admin_url(), autocommit=True) as connection:
                connection.execute(f'CREATE DATABASE "{name}"')
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def drop_database(server: PostgresServer, name: str) -> None:
    import psycopg

    with psycopg.connect(server.admin_url(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def stop(server: PostgresServer) -> None:
    """Stop the server at once and delete its folder."""
    _stop_folder(server.bin_dir, server.folder)


def _stop_folder(bin_dir: Path, folder: Path) -> None:
    data = folder / "data"
    if (data / "postmaster.pid").exists():
        subprocess.run(
            _as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            check=False,
        )
    shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("start")
    stop_parser = sub.add_parser("stop")
    stop_parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    if args.action == "start":
        server = start()
        print(server.url())
        print(server.folder)
        return 0
    _stop_folder(find_binaries(), args.folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
