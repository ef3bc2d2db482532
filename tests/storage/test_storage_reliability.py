"""Storage on hostile values, on SQLite and PostgreSQL alike (issue 12): NUL bytes, long
names and stages, read-only databases, a mistyped --db, concurrent first imports.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from callcoach.app.crm import crm_import
from callcoach.app.database import export_dump
from callcoach.app.imports import import_paths
from callcoach.cli import app
from callcoach.errors import StorageError
from callcoach.storage import Repository, make_engine
from callcoach.storage.schema import check_schema, ensure_schema

runner = CliRunner()
HEADER = "deal_id,name,account,amount,currency,stage,created,close_date,owner,contact_emails"


def _call(folder: Path, name: str, rep: str, text: str, account: str = "Acme") -> Path:
    data = {
        "date": "2026-03-02",
        "metadata": {"company": account},
        "segments": [
            {"speaker": rep, "text": f"How does planning work today? {text}", "start": 0, "end": 4},
            {"speaker": "Paul", "text": "Spreadsheets, a whole day a week.", "start": 4, "end": 8},
        ],
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_nul_bytes_and_long_names_store_alike(db_url: str, tmp_path: Path) -> None:
    long_rep = "R" * 300
    files = [
        _call(tmp_path / "c", "nul.json", "Rita", "x" * 9000 + "\x00after the NUL"),
        _call(tmp_path / "c", "long.json", long_rep, "fine", account="A" * 400),
    ]
    for file, rep in zip(files, ["Rita", long_rep], strict=True):
        summary = import_paths([file], db_url, rep=[rep], detectors=["question"])
        assert not summary.failed, summary.failed
    engine = make_engine(db_url)
    try:
        repository = Repository(engine)
        texts = [
            u["text"] for c in repository.call_ids() for u in repository.record(c)["utterances"]
        ]
        assert any("\ufffdafter the NUL" in t for t in texts)
        assert any(len(r.name) == 255 for r in repository.reps())
    finally:
        engine.dispose()


def test_deal_fields_have_the_same_limits_on_both(db_url: str, tmp_path: Path) -> None:
    export = tmp_path / "deals.csv"
    rows = [
        HEADER,
        f"OK-1,Name\x00with NUL,Acme,1,USD,{'S' * 128},2026-01-01,,Ann,",
        f"LONG-STAGE,n,Acme,1,USD,{'S' * 129},2026-01-01,,Ann,",
        f"{'I' * 256},n,Acme,1,USD,Open,2026-01-01,,Ann,",
        f"LONG-OWNER,n,Acme,1,USD,Open,2026-01-01,,{'O' * 300},",
        f"LONG-NAME,{'N' * 5000},{'A' * 255},1,USD,Open,2026-01-01,,Ann,",
    ]
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    summary = crm_import(export, "generic", None, db_url)
    assert summary.added == 2, summary.lines()
    assert {e.row: e.reason.split(" is ")[0] for e in summary.errors} == {
        3: "stage",
        4: "id",
        5: "owner",
    }
    engine = make_engine(db_url)
    try:
        names = {d.id: d.name for d in Repository(engine).deals()}
    finally:
        engine.dispose()
    assert names["OK-1"] == "Name\ufffdwith NUL"


def _stored(tmp_path: Path) -> Path:
    db = tmp_path / "calls.db"
    import_paths(
        [_call(tmp_path / "c", "a.json", "Rita", "ok")],
        str(db),
        rep=["Rita"],
        detectors=["question"],
    )
    crm_import(_deals(tmp_path), "generic", None, str(db))
    return db


def _deals(tmp_path: Path) -> Path:
    export = tmp_path / "deals.csv"
    export.write_text(
        f"{HEADER}\nD-1,n,Acme,1,USD,Closed Won,2026-01-01,2026-06-01,Rita,\n", "utf-8"
    )
    return export


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores file modes")
def test_read_commands_work_on_a_read_only_database(tmp_path: Path) -> None:
    db = _stored(tmp_path)
    db.chmod(stat.S_IRUSR)
    db.parent.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        result = runner.invoke(app, ["insights", "--db", str(db), "--json"])
        assert result.exit_code == 0, result.output
    finally:
        db.parent.chmod(stat.S_IRWXU)


def test_read_commands_never_change_a_database(tmp_path: Path) -> None:
    db = _stored(tmp_path)
    engine = make_engine(db)
    engine.dispose()
    # A checkpointed file, then every read command: not one byte of any file changes.
    import sqlite3

    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _snapshot(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    for args in (
        ["insights", "--db", str(db), "--json"],
        ["export", "--db", str(db), "--out", str(out / "dump.jsonl")],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    after = _snapshot(tmp_path)
    changed = [
        name
        for name in before
        if before[name] != after.get(name) and not name.endswith(("-shm", "-wal"))
    ]
    assert not changed


def test_insights_on_an_unrelated_sqlite_file_changes_nothing(tmp_path: Path) -> None:
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    before = other.read_bytes()
    result = runner.invoke(app, ["insights", "--db", str(other)])
    assert result.exit_code != 0 and "not a callcoach database" in result.output
    assert other.read_bytes() == before
    with sqlite3.connect(other) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    assert tables == {"notes"}


@pytest.mark.parametrize("command", [["insights"], ["export", "--out", "x.jsonl"]])
def test_a_mistyped_db_is_an_error_and_creates_nothing(tmp_path: Path, command: list[str]) -> None:
    typo = tmp_path / "typo.db"
    result = runner.invoke(app, [*command, "--db", str(typo)])
    assert result.exit_code != 0
    assert "no such database" in result.output
    assert not typo.exists() and not (tmp_path / "x.jsonl").exists()
    with pytest.raises(StorageError, match="no such database"):
        export_dump(str(typo), tmp_path / "y.jsonl")


def test_a_read_only_engine_cannot_write(db_url: str) -> None:
    from callcoach.model import Deal

    engine = make_engine(db_url)
    ensure_schema(engine)
    engine.dispose()
    reader = make_engine(db_url, read_only=True)
    try:
        check_schema(reader)
        assert Repository(reader).deals() == []
        with pytest.raises(StorageError, match="cannot write"):
            Repository(reader).save_deals([Deal(id="x", source="generic")])
    finally:
        reader.dispose()


def _first_use(path: str) -> str:
    try:
        engine = make_engine(path)
        try:
            ensure_schema(engine)
            Repository(engine).call_ids()
        finally:
            engine.dispose()
    except Exception as exc:  # reported to the parent, which fails the test
        return repr(exc)
    return "ok"


def test_concurrent_first_use_of_a_fresh_file(tmp_path: Path) -> None:
    for trial in range(3):
        path = str(tmp_path / f"fresh{trial}.db")
        with multiprocessing.get_context("spawn").Pool(4) as pool:
            results = pool.map(_first_use, [path] * 4)
        assert results == ["ok"] * 4, results
