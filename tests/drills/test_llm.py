"""The optional LLM-backed prospect, against a fake OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from typer.testing import CliRunner

from callcoach.cli import app
from callcoach.drills import engine
from callcoach.drills.llm import LLMConfig, LLMError, LLMProspect, chat_messages
from callcoach.drills.scenario import load_scenario


@dataclass
class FakeServer:
    """Answers each POST with the next canned content; records the requests."""

    answers: list[str]
    status: int = 200
    raw: bytes | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def fake() -> Iterator[FakeServer]:
    state = FakeServer(answers=[])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            state.requests.append(json.loads(self.rfile.read(length)))
            state.headers.append(dict(self.headers))
            if state.raw is not None:
                body = state.raw
            else:
                content = state.answers.pop(0) if state.answers else "Mm-hm."
                body = json.dumps({"choices": [{"message": {"content": content}}]}).encode()
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def test_free_form_prospect_answers_and_ends_the_drill(fake: FakeServer) -> None:
    fake.answers = [
        "Honestly, about fifty hours of overtime a month.",
        "Tuesday at ten works. [END: advanced]",
    ]
    scenario = load_scenario("finance-month-end")
    prospect = LLMProspect(LLMConfig(fake.url, "test-model", api_key="secret"))
    state, used = engine.play(
        scenario,
        ["How does month-end close work today?", "Could we meet Tuesday at 10am?", "unused"],
        prospect=prospect,
    )
    assert used == 2 and state.ending == "advanced"
    assert state.turns[-1].text == "Tuesday at ten works."
    assert state.turns[-1].node is None  # not from the script
    trainee = [t for t in state.turns if t.role == "rep"]
    assert all(t.cue_line for t in trainee)  # cues still come from the detectors
    first = fake.requests[0]
    assert first["model"] == "test-model"
    assert first["messages"][0]["role"] == "system"
    assert "Maria Alvarez" in first["messages"][0]["content"]
    assert first["messages"][-1] == {
        "role": "user",
        "content": "How does month-end close work today?",
    }
    assert fake.headers[0]["Authorization"] == "Bearer secret"


def test_messages_alternate_with_the_prospect_as_assistant() -> None:
    state = engine.start(load_scenario("sports-chat"))
    messages = chat_messages(state)
    assert [m["role"] for m in messages] == ["system", "assistant"]
    assert "Tom here!" in messages[1]["content"] and "game" in messages[1]["content"]


def test_server_errors_are_clear(fake: FakeServer) -> None:
    prospect = LLMProspect(LLMConfig(fake.url, "m"))
    start = engine.start(load_scenario("finance-month-end"))
    fake.status = 500
    with pytest.raises(LLMError, match="answered HTTP 500"):
        engine.reply(start, "Hello?", prospect=prospect)
    fake.status, fake.raw = 200, b"not json"
    with pytest.raises(LLMError, match="did not answer with JSON"):
        engine.reply(start, "Hello?", prospect=prospect)
    fake.raw = b'{"data": []}'
    with pytest.raises(LLMError, match="not an OpenAI-style chat completion"):
        engine.reply(start, "Hello?", prospect=prospect)


def test_unreachable_server_and_bad_url() -> None:
    with pytest.raises(LLMError, match="must start with http"):
        LLMConfig("ftp://example", "m")
    prospect = LLMProspect(LLMConfig("http://127.0.0.1:9/v1", "m", timeout=2))
    with pytest.raises(LLMError, match="cannot reach the model server"):
        engine.reply(engine.start(load_scenario("finance-month-end")), "Hi", prospect=prospect)


def test_cli_uses_the_model_only_when_asked(fake: FakeServer, tmp_path: Any) -> None:
    replies = tmp_path / "r.txt"
    replies.write_text("How does month-end close work today?\n", encoding="utf-8")
    fake.answers = ["We close on day nine, it's painful. [END: stalled]"]
    args = ["drill", "run", "finance-month-end", "--replies", str(replies)]
    result = CliRunner().invoke(app, [*args, "--llm-url", fake.url, "--llm-model", "x"])
    assert result.exit_code == 0, result.output
    assert "We close on day nine, it's painful." in result.output
    assert len(fake.requests) == 1
    result = CliRunner().invoke(app, args)  # no --llm-url: the script, no request
    assert result.exit_code == 0 and len(fake.requests) == 1


def test_cli_model_failure_scores_what_was_said(fake: FakeServer, tmp_path: Any) -> None:
    replies = tmp_path / "r.txt"
    replies.write_text("How does month-end close work today?\n", encoding="utf-8")
    fake.status = 503
    out = tmp_path / "drill.json"
    args = ["drill", "run", "finance-month-end", "--replies", str(replies), "--llm-url", fake.url]
    result = CliRunner().invoke(app, [*args, "--format", "json", "--out", str(out)])
    assert result.exit_code == 1
    assert "answered HTTP 503; the drill stops here" in result.output
    assert "Traceback" not in result.output
    assert json.loads(out.read_text(encoding="utf-8"))["ending"] == "unfinished"
