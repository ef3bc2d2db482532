"""Uploads: every transcript format is recognised from its content (the client's file name
is not trusted), and a restarted server finishes the uploads that were waiting."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from callcoach.web.jobs import UploadRequest, accept_upload, display_name
from tests.web.conftest import WebEnv, call_text, make_env

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize(
    ("example", "fmt"),
    [
        ("01-northwind-discovery-expert.vtt", "vtt"),
        ("03-cobalt-demo-expert.srt", "srt"),
        ("04-summitridge-demo-friend.whisper.json", "json"),
        ("05-brightwater-discovery-expert.aws.json", "json"),
        ("06-meridian-discovery-friend.deepgram.json", "json"),
        ("07-alderfinch-discovery-mixed.assemblyai.json", "json"),
        ("09-oakline-demo-friend.txt", "text"),
    ],
)
def test_every_format_is_sniffed_from_the_content(web_env: WebEnv, example: str, fmt: str) -> None:
    user = web_env.add_user("admin@example.com", "admin", "Ada Admin")
    data = (EXAMPLES / example).read_bytes()
    settings = web_env.app.state.callcoach.settings
    for name in (example, "upload.bin", None):  # a wrong or missing name changes nothing
        job = accept_upload(
            web_env.accounts, settings, user, UploadRequest(data, name, None, None, None)
        )
        assert job.format == fmt, (example, name)


def test_markdown_by_content() -> None:
    from callcoach.ingest import sniff

    assert sniff("**Dana:** Hi there\n**Sam:** Hello\n", "upload") == "markdown"


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("../../a.vtt", "a.vtt"),
        ("C:\\Users\\x\\call.srt", "call.srt"),
        ("/etc/passwd", "passwd"),
        ("bad\x00name\x1b[31m.txt", "badname[31m.txt"),
        ("", "upload"),
        (None, "upload"),
        ("..", "upload"),
    ],
)
def test_display_names_are_never_paths(given: str | None, shown: str) -> None:
    assert display_name(given) == shown


def test_a_restarted_server_finishes_waiting_uploads(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    user = env.add_user("admin@example.com", "admin", "Ada Admin")
    settings = env.app.state.callcoach.settings
    text = call_text("Dana Reyes", "Sam Patel").encode()
    # Accepted, but the server stopped before its worker ran (no lifespan: no worker).
    job = accept_upload(
        env.accounts, settings, user, UploadRequest(text, "a.txt", "Dana Reyes", None, None)
    )
    lost = accept_upload(
        env.accounts, settings, user, UploadRequest(text + b"\n", "b.txt", None, None, None)
    )
    (tmp_path / "uploads" / f"{lost.id}.upload").unlink()
    restarted = make_env(tmp_path)
    with TestClient(restarted.app):
        assert restarted.app.state.callcoach.jobs.wait_idle(300)
    done, gone = restarted.accounts.job(job.id), restarted.accounts.job(lost.id)
    assert done is not None and done.status == "done", done
    assert gone is not None and gone.status == "failed" and gone.error == "the upload was lost"


def test_an_internal_error_fails_the_job_not_the_worker(
    web_env: WebEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = web_env.app.state.callcoach.jobs
    user = web_env.add_user("admin@example.com", "admin", "Ada Admin")
    settings = web_env.app.state.callcoach.settings

    def broken(*_args: object, **_kwargs: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.delenv("CALLCOACH_DEBUG", raising=False)
    monkeypatch.setattr(runner, "_analyse_and_store", broken)
    text = call_text("Dana Reyes", "Sam Patel").encode()
    job = accept_upload(
        web_env.accounts, settings, user, UploadRequest(text, "a.txt", None, None, None)
    )
    runner.submit(job.id)
    assert runner.wait_idle(300)
    failed = web_env.accounts.job(job.id)
    assert failed is not None and failed.status == "failed"
    assert failed.error == "internal error while analysing the call: RuntimeError"
    monkeypatch.undo()
    again = accept_upload(
        web_env.accounts, settings, user, UploadRequest(text, "a.txt", "Dana Reyes", None, None)
    )
    runner.submit(again.id)  # the worker is still there
    assert runner.wait_idle(300)
    done = web_env.accounts.job(again.id)
    assert done is not None and done.status == "done", done


def test_a_manager_uploads_for_a_rep_on_their_team(web_env: WebEnv) -> None:
    web_env.add_user("m@example.com", "manager", "Erin East", ("East",))
    web_env.add_user("dana@example.com", "rep", "Dana Reyes", ("East",))
    with web_env.client() as client:
        response = client.post(
            "/api/v1/calls",
            headers=web_env.auth("m@example.com"),
            files={"file": ("c.txt", call_text("Dana Reyes", "Sam Patel").encode())},
            data={"rep": "dana reyes"},
        )
        assert response.status_code == 202, response.text
        assert web_env.app.state.callcoach.jobs.wait_idle(300)
        call_id = response.json()["call_id"]
        for email in ("m@example.com", "dana@example.com"):
            got = client.get(f"/api/v1/calls/{call_id}", headers=web_env.auth(email))
            assert got.status_code == 200, email
