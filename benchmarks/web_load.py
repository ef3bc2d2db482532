"""A bounded local load on the web app: concurrent signed-in clients on the call list and call
page of ``callcoach serve``, for a fixed time, on 127.0.0.1 only.

Run: ``python -m benchmarks.web_load [--clients 50] [--seconds 30] [--no-write]``.

A temporary SQLite database gets the bundled demo calls (``examples/demo-crm/calls``, 194
short SYNTHETIC calls, scored with expert-not-friend; or ``--db`` an existing database) and an
admin. The server runs in its own process (one uvicorn worker, as ``callcoach serve`` starts
it); the clients share one sign-in and each keeps its own connection. Each client loops until
the time is up: a page of the call list (a random page, 25 calls), then a random call's page.
Latency is from sending the request to having read the whole body; an error is any answer
but 200, or a failed connection. Server CPU is its process's user + system time over the run.
Writes "## Web load" in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from benchmarks.ingest_metrics import machine, write_section

ROOT = Path(__file__).resolve().parents[1]
DEMO_CALLS = ROOT / "examples" / "demo-crm" / "calls"
EMAIL, PASSWORD = "load@example.com", "load test passphrase 1234"
PER_PAGE = 25
SERVER = """
import sys, uvicorn
from pathlib import Path
from callcoach.web.app import create_app
from callcoach.web.settings import WebSettings
db, port, folder = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
settings = WebSettings(db_url=db, secret_key="load-benchmark-secret-0123456789",
                       upload_dir=folder / "uploads")
uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
"""


@dataclass
class Samples:
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    endpoint: str
    requests: int
    errors: int
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float


def prepare(folder: Path, db: str | None) -> str:
    """The database: ``db`` as given, else a new one with the demo calls; plus the admin."""
    from callcoach.storage.accounts import Accounts
    from callcoach.storage.commands import import_paths
    from callcoach.storage.database import make_engine
    from callcoach.storage.schema import ensure_schema
    from callcoach.web.security import hash_password

    if db is None:
        db = str(folder / "load.db")
        started = time.perf_counter()
        summary = import_paths([DEMO_CALLS], db, rubric="expert-not-friend")
        print(
            f"imported {len(summary.added)} calls in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    engine = make_engine(db)
    try:
        ensure_schema(engine)
        accounts = Accounts(engine)
        if accounts.user_by_email(EMAIL) is None:
            accounts.add_user(EMAIL, "Load Test", "admin", hash_password(PASSWORD))
    finally:
        engine.dispose()
    return db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(db: str, folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", SERVER, db, str(port), str(folder)], cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with code {process.returncode}")
        try:
            if httpx.get(url + "/login", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise SystemExit("the server did not start within 120 s")


def sign_in(url: str) -> httpx.Cookies:
    with httpx.Client(base_url=url, follow_redirects=False, timeout=30) as client:
        form = client.get("/login").text
        match = re.search(r'name="csrf_token" value="([^"]+)"', form)
        if match is None:
            raise SystemExit("no CSRF token on the sign-in page")
        answer = client.post(
            "/login",
            data={"email": EMAIL, "password": PASSWORD, "csrf_token": match[1], "next": "/calls"},
        )
        if answer.status_code != 303:
            raise SystemExit(f"sign-in failed: HTTP {answer.status_code}")
        return client.cookies


def call_ids(db: str) -> list[str]:
    from callcoach.storage import Repository, make_engine

    engine = make_engine(db)
    try:
        return Repository(engine).call_ids()
    finally:
        engine.dispose()


async def client_loop(
    url: str,
    cookies: httpx.Cookies,
    ids: Sequence[str],
    until: float,
    samples: dict[str, Samples],
    seed: int,
) -> None:
    rng = random.Random(seed)
    pages = max(1, -(-len(ids) // PER_PAGE))
    async with httpx.AsyncClient(base_url=url, cookies=cookies, timeout=60) as client:
        while time.monotonic() < until:
            for endpoint, path in (
                ("call list", f"/calls?page={rng.randint(1, pages)}"),
                ("call page", f"/calls/{rng.choice(ids)}"),
            ):
                started = time.perf_counter()
                try:
                    response = await client.get(path)
                    ok, kind = response.status_code == 200, f"HTTP {response.status_code}"
                except httpx.HTTPError as exc:
                    ok, kind = False, type(exc).__name__
                elapsed = time.perf_counter() - started
                if ok:
                    samples[endpoint].latencies.append(elapsed)
                else:
                    samples[endpoint].errors += 1
                    counts = samples[endpoint].error_kinds
                    counts[kind] = counts.get(kind, 0) + 1


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def run(url: str, ids: Sequence[str], clients: int, seconds: float) -> tuple[list[Result], float]:
    cookies = sign_in(url)
    samples = {"call list": Samples(), "call page": Samples()}
    until = time.monotonic() + seconds

    async def everyone() -> None:
        await asyncio.gather(
            *(client_loop(url, cookies, ids, until, samples, seed) for seed in range(clients))
        )

    started = time.perf_counter()
    # In a thread of its own: the caller's thread may already have an event loop (a test
    # session with a browser open does), and asyncio.run refuses to nest.
    clients_thread = threading.Thread(target=lambda: asyncio.run(everyone()))
    clients_thread.start()
    clients_thread.join()
    wall = time.perf_counter() - started
    results = [
        Result(
            endpoint=name,
            requests=len(s.latencies) + s.errors,
            errors=s.errors,
            per_second=(len(s.latencies) + s.errors) / wall,
            p50_ms=1000 * statistics.median(s.latencies) if s.latencies else float("nan"),
            p95_ms=1000 * percentile(s.latencies, 0.95),
            p99_ms=1000 * percentile(s.latencies, 0.99),
            max_ms=1000 * max(s.latencies, default=float("nan")),
        )
        for name, s in samples.items()
    ]
    for name, s in samples.items():
        if s.error_kinds:
            print(f"{name} errors: {s.error_kinds}", file=sys.stderr)
    return results, wall


def section(
    results: Sequence[Result], clients: int, seconds: float, wall: float, cpu: float, calls: int
) -> str:
    info = machine()
    lines = [
        "## Web load",
        "",
        f"`python -m benchmarks.web_load --clients {clients} --seconds {seconds:g}`: "
        f"{clients} concurrent signed-in clients for {seconds:g} s against `callcoach serve` "
        "(one uvicorn worker, SQLite) on 127.0.0.1, over the "
        f"{calls} stored demo calls; each client loops: a random page of the call list "
        f"({PER_PAGE} calls), then a random call's page (its full transcript, scorecard and "
        "charts). Latency: request sent → whole body read, successful requests only; "
        "errors: any answer but 200, or a failed connection. The clients run in one process "
        "on the same machine as the server.",
        "",
        f"Machine: {info['cpu']}, nproc {info['nproc']}, Python {info['python']}; "
        f"{info['date']}, commit {info['commit']}; load average {info['load']} (1/5/15 min). "
        "**The machine was shared with other jobs during this run**: the latencies include "
        "waiting for the CPU, and are an upper bound for a quiet machine.",
        "",
        "| endpoint | requests | errors | requests/s | p50 | p95 | p99 | max |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.endpoint} | {r.requests} | {r.errors} | {r.per_second:.1f} | "
            f"{r.p50_ms:.0f} ms | {r.p95_ms:.0f} ms | {r.p99_ms:.0f} ms | {r.max_ms:.0f} ms |"
        )
    total = sum(r.requests for r in results)
    errors = sum(r.errors for r in results)
    lines += [
        "",
        f"Server CPU: {cpu:.1f} s over {wall:.1f} s of load ({1000 * cpu / max(1, total):.1f} "
        f"ms per request). Errors: {errors} of {total} (0 expected): "
        f"**{'met' if errors == 0 else 'not met'}**.",
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--db", help="an existing database (default: a new one, demo calls)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 500 or not 0 < args.seconds <= 600:
        parser.error("--clients 1–500 and --seconds up to 600: this is a bounded local load")
    with tempfile.TemporaryDirectory(prefix="callcoach-load-") as tmp:
        folder = Path(tmp)
        db = prepare(folder, args.db)
        ids = call_ids(db)
        if not ids:
            parser.error("the database has no calls")
        process, url = start_server(db, folder)
        try:
            before = cpu_seconds(process.pid)
            results, wall = run(url, ids, args.clients, args.seconds)
            cpu = cpu_seconds(process.pid) - before
        finally:
            process.terminate()
            process.wait(timeout=30)
    text = section(results, args.clients, args.seconds, wall, cpu, len(ids))
    print(text)
    if not args.no_write:
        write_section(args.out, text)
    return 0 if all(r.errors == 0 for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
