"""Security of the web app: no route lets a rep (or another team's manager) read, list,
change or delete a call that is not theirs; CSRF; XSS; upload limits; path traversal;
sign-in rate limits; revoked tokens; sessions.

The route tests enumerate ``app.routes``, so routes added later are covered without
changing this file; a route that takes a path parameter this file does not know fails
``test_every_route_parameter_is_known`` until it is added to ``_value_for``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from tests.web.conftest import (
    PASSWORD,
    WebEnv,
    call_text,
    csrf_of,
    import_transcripts,
    login,
    make_env,
    populate_team,
)

ADMIN = "admin@example.com"
MANAGER = "east.manager@example.com"
ALICE = "alice@example.com"
BRUNO = "bruno@example.com"
XSS = "<script>alert('xss')</script>"
XSS_NAME = '<img src=x onerror="alert(1)">'

# Routes with no user data, exempt from the per-route checks (and why).
EXEMPT = {
    ("POST", "/login"): "signing in: tested on its own below",
    ("POST", "/logout"): "signing out: tested on its own below",
}
# Pages that hold no data and answer without credentials.
PUBLIC_GETS = {
    "/login": "the sign-in form",
    "/": "a redirect to /calls (which then asks to sign in)",
    "/favicon.ico": "an empty answer",
    "/assets/report.css": "the report stylesheet, the same for everyone",
}
PARAM = re.compile(r"{([^}:]+)(?::[^}]+)?}")


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebEnv]:
    """The team of ``conftest.populate_team`` plus: an upload by Bruno, an admin's comment on
    Bruno's call, and a call of Alice whose transcript and names carry script payloads."""
    env = populate_team(make_env(tmp_path_factory.mktemp("secured")))
    with TestClient(env.app):
        with env.client() as client:
            response = client.post(
                "/api/v1/calls",
                headers=env.auth(BRUNO),
                files={"file": ("bruno.txt", call_text("Bruno Silva", "Tom Becker", "pallets"))},
            )
            assert response.status_code == 202
            env.tokens["bruno-upload"] = response.json()["id"]
            assert env.app.state.callcoach.jobs.wait_idle(300)
            comment = client.post(
                f"/api/v1/calls/{env.calls['Bruno Silva']}/comments",
                headers=env.auth(ADMIN),
                json={"body": "Bruno's private coaching note", "utterance_id": "u0001"},
            )
            assert comment.status_code == 201
            env.tokens["bruno-comment"] = str(comment.json()["id"])
        folder = env.root / "xss"
        folder.mkdir()
        segments = [
            ("Alice Moreno", f"Hello {XSS} how is {XSS_NAME} going?"),
            (XSS_NAME, f"Fine, and {XSS}?"),
            ("Alice Moreno", "What takes the most time in your week?"),
            (XSS_NAME, f"Reporting. {XSS}"),
        ]
        hostile = json.dumps(
            {
                "title": f"Call {XSS}",
                "segments": [
                    {"start": 5.0 * i, "end": 5.0 * i + 4, "speaker": who, "text": text}
                    for i, (who, text) in enumerate(segments)
                ],
            }
        )
        env.calls["xss"] = _store_text(env, folder / "xss.json", hostile, "Alice Moreno")
        yield env


def _store_text(env: WebEnv, file: Path, text: str, rep: str) -> str:
    file.write_text(text, encoding="utf-8")
    summary = import_transcripts(env.app.state.callcoach.engine, [file], rep)
    assert summary.added and summary.added[0].call_id
    return summary.added[0].call_id


def _api_routes(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, APIRoute]]:
    """Every ``APIRoute`` with its full path. FastAPI ≥ 0.165 keeps an included router as one
    ``_IncludedRouter`` entry of ``app.routes`` (its routes under ``original_router``), so
    ``app.routes`` alone lists none of the included routes."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield prefix + route.path, route
        elif hasattr(route, "original_router"):
            context = getattr(route, "include_context", None)
            inner = prefix + (getattr(context, "prefix", "") or "")
            yield from _api_routes(route.original_router.routes, inner)


def _routes(env: WebEnv) -> list[tuple[str, str]]:
    """(method, path) of every route of the app, HEAD and OPTIONS aside."""
    found = []
    for path, route in _api_routes(list(env.app.routes)):
        for method in sorted(route.methods - {"HEAD", "OPTIONS"}):
            if (method, path) not in EXEMPT:
                found.append((method, path))
    assert len(found) >= 15, f"the route list looks incomplete: {found}"
    return found


def _value_for(env: WebEnv, param: str, call_key: str = "Bruno Silva") -> str | None:
    """The value of a path parameter that points at Bruno's data (None: unknown parameter)."""
    values = {
        "call_id": env.calls[call_key],
        "name": "Bruno Silva",
        "rep": "Bruno Silva",
        "rep_name": "Bruno Silva",
        "upload_id": env.tokens["bruno-upload"],
        "job_id": env.tokens["bruno-upload"],
        "comment_id": env.tokens["bruno-comment"],
        "rubric_id": "expert-not-friend",
        "rubric": "expert-not-friend",
        "path": "base.css",
    }
    return values.get(param)


def _fill(env: WebEnv, path: str, call_key: str = "Bruno Silva") -> tuple[str, bool]:
    """The path with Bruno's data filled in, and whether it names Bruno's data."""
    names = PARAM.findall(path)
    personal = any(
        n in ("call_id", "name", "rep", "rep_name", "upload_id", "job_id", "comment_id")
        for n in names
    )
    filled = PARAM.sub(lambda m: _value_for(env, m.group(1), call_key) or "x", path)
    return filled, personal


def _session(env: WebEnv, email: str) -> tuple[TestClient, str]:
    client = env.client()
    csrf = login(client, email)
    return client, csrf


def _bruno_leaks(env: WebEnv, text: str) -> list[str]:
    secrets = [env.calls["Bruno Silva"], "Bruno Silva", "Tom Becker", "Bruno's private coaching"]
    return [s for s in secrets if s in text]


def test_every_route_parameter_is_known(secured: WebEnv) -> None:
    unknown = {
        (path, name)
        for _method, path in _routes(secured)
        for name in PARAM.findall(path)
        if _value_for(secured, name) is None
    }
    assert not unknown, f"add these path parameters to _value_for: {sorted(unknown)}"


@pytest.mark.parametrize("email", [ALICE, MANAGER])
@pytest.mark.parametrize("via", ["token", "session"])
def test_no_route_reveals_or_changes_another_reps_call(
    secured: WebEnv, email: str, via: str
) -> None:
    """Alice (a rep, team East) and Erin (East's manager) must not reach Bruno (West)."""
    client, csrf = _session(secured, email) if via == "session" else (secured.client(), "")
    headers = secured.auth(email) if via == "token" else {"X-CSRF-Token": csrf}
    problems = []
    with client:
        for method, path in _routes(secured):
            url, personal = _fill(secured, path)
            data = {"csrf_token": csrf, "body": "sneaky", "rep": "Bruno Silva"}
            response = client.request(
                method,
                url,
                headers=headers,
                data=data if method != "GET" else None,
                follow_redirects=False,
            )
            status = response.status_code
            if personal and status not in (404, 405, 422):
                problems.append(f"{method} {url}: {status} (expected 404)")
            leaks = _bruno_leaks(secured, response.text)
            if leaks:
                problems.append(f"{method} {url}: {status} shows {leaks}")
            if status >= 500:
                problems.append(f"{method} {url}: server error {status}")
    assert not problems, "\n".join(problems)
    # Nothing of Bruno's changed.
    with secured.client() as admin:
        auth = secured.auth(ADMIN)
        bruno_call = secured.calls["Bruno Silva"]
        assert admin.get(f"/api/v1/calls/{bruno_call}", headers=auth).status_code == 200
        comments = admin.get(f"/api/v1/calls/{bruno_call}/comments", headers=auth).json()
        assert [c["body"] for c in comments] == ["Bruno's private coaching note"]


def test_list_filters_cannot_reach_another_rep(secured: WebEnv) -> None:
    with secured.client() as client:
        for email in (ALICE, MANAGER):
            auth = secured.auth(email)
            calls = client.get("/api/v1/calls", headers=auth, params={"rep": "Bruno Silva"})
            assert calls.json()["total"] == 0
            listed = client.get("/api/v1/calls", headers=auth, params={"limit": 500}).json()
            assert secured.calls["Bruno Silva"] not in {c["id"] for c in listed["calls"]}
            assert secured.calls["Alice Moreno"] in {c["id"] for c in listed["calls"]}
        # Bruno sees his own call, and the admin sees both.
        mine = client.get("/api/v1/calls", headers=secured.auth(BRUNO)).json()
        assert mine["total"] == 2  # his stored call and his upload
        assert secured.calls["Bruno Silva"] in {c["id"] for c in mine["calls"]}
        every = client.get("/api/v1/calls", headers=secured.auth(ADMIN)).json()
        assert every["total"] == 4


def test_a_rep_cannot_upload_for_someone_else(secured: WebEnv) -> None:
    with secured.client() as client:
        response = client.post(
            "/api/v1/calls",
            headers=secured.auth(ALICE),
            files={"file": ("c.txt", call_text("Bruno Silva", "Tom Becker", "x").encode())},
            data={"rep": "Bruno Silva"},
        )
        assert response.status_code == 403
        response = client.post(
            "/api/v1/calls",
            headers=secured.auth(MANAGER),
            files={"file": ("c.txt", call_text("Bruno Silva", "Tom Becker", "x").encode())},
            data={"rep": "Bruno Silva"},
        )
        assert response.status_code == 403


def test_without_credentials_every_api_route_is_401_and_every_page_redirects(
    secured: WebEnv,
) -> None:
    with secured.client() as client:
        for method, path in _routes(secured):
            url, _ = _fill(secured, path)
            response = client.request(method, url, follow_redirects=False)
            if path.startswith("/api/"):
                assert response.status_code == 401, (method, url, response.status_code)
                assert response.headers["www-authenticate"] == "Bearer"
            elif method == "GET" and path in PUBLIC_GETS:
                assert response.status_code in (200, 204, 303), (method, url)
            elif method == "GET":
                assert response.status_code == 303, (method, url, response.status_code)
                assert response.headers["location"].startswith("/login?next=")
            else:
                assert response.status_code in (303, 401, 403), (method, url)
            assert not _bruno_leaks(secured, response.text)
        for bad in ("Bearer nope", "Bearer cc_" + "A" * 43, "Basic YTpi", "Bearer"):
            response = client.get("/api/v1/calls", headers={"Authorization": bad})
            assert response.status_code == 401, bad


def test_changes_need_the_csrf_token_on_every_route(secured: WebEnv) -> None:
    """A signed-in browser's POST/PUT/PATCH/DELETE without the CSRF token is refused (403),
    whatever the route; the same request with the token goes through for the API."""
    client, csrf = _session(secured, ADMIN)
    with client:
        for method, path in _routes(secured):
            if method == "GET":
                continue
            url, _ = _fill(secured, path, call_key="Alice Moreno")
            response = client.request(method, url, data={"body": "x"}, follow_redirects=False)
            assert response.status_code == 403, (method, url, response.status_code)
            forged = client.request(
                method, url, headers={"X-CSRF-Token": "0" * 64}, follow_redirects=False
            )
            assert forged.status_code == 403, (method, url, forged.status_code)
        alice_call = secured.calls["Alice Moreno"]
        ok = client.post(
            f"/api/v1/calls/{alice_call}/comments",
            json={"body": "with the token"},
            headers={"X-CSRF-Token": csrf},
        )
        assert ok.status_code == 201
    # The login form itself needs the token too.
    with secured.client() as fresh:
        response = fresh.post("/login", data={"email": ADMIN, "password": PASSWORD})
        assert response.status_code == 403


def test_script_payloads_come_back_as_text(secured: WebEnv) -> None:
    """Transcripts and names with markup: JSON from the API, escaped text in every page."""
    call_id = secured.calls["xss"]
    with secured.client() as client:
        response = client.get(f"/api/v1/calls/{call_id}", headers=secured.auth(ALICE))
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert XSS in response.json()["transcript"][0]["text"]
        assert "script-src 'self'" in response.headers["content-security-policy"]
    session, _ = _session(secured, ALICE)
    with session:
        for method, path in _routes(secured):
            if method != "GET" or path.startswith("/api/"):
                continue
            url, _ = _fill(secured, path, call_key="xss")
            page = session.get(url, follow_redirects=False)
            assert "<script>alert" not in page.text, url
            assert "<img src=x" not in page.text, url
        # Reflected input is escaped too.
        page = session.get("/login", params={"next": '/"><script>alert(1)</script>'})
        assert "<script>alert(1)" not in page.text


def test_a_users_name_with_markup_is_shown_as_text(web_env: WebEnv) -> None:
    web_env.add_user("odd@example.com", "admin", XSS_NAME)
    client, _ = _session(web_env, "odd@example.com")
    with client:
        page = client.get("/no-such-page")
        assert page.status_code == 404
        assert XSS_NAME not in page.text
        assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page.text


def test_uploads_over_the_limit_are_413(tmp_path: Path) -> None:
    env = make_env(tmp_path, max_upload_bytes=4000)
    env.add_user("admin@example.com", "admin", "Ada Admin")
    auth = env.auth(ADMIN)
    small_over = ("A: " + "word " * 1000 + "\nB: ok\n").encode()  # > 4000, < the slack
    huge = b"A: " + b"x" * 300_000 + b"\nB: ok\n"  # refused by Content-Length
    with TestClient(env.app) as client:
        for body in (small_over, huge):
            response = client.post("/api/v1/calls", headers=auth, files={"file": ("a.txt", body)})
            assert response.status_code == 413, len(body)
            assert "limit" in response.json()["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams in
            yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
            for _ in range(100):
                yield b"A: " + b"y" * 10_000 + b"\n"
            yield b"\r\n--b--\r\n"

        streamed = client.post(
            "/api/v1/calls",
            headers={**auth, "Content-Type": "multipart/form-data; boundary=b"},
            content=chunks(),
        )
        assert streamed.status_code == 413
        ok = client.post(
            "/api/v1/calls",
            headers=auth,
            files={"file": ("a.txt", call_text("Dana Reyes", "Sam Patel").encode())},
            data={"rep": "Dana Reyes"},
        )
        assert ok.status_code == 202
    uploads = tmp_path / "uploads"
    assert not uploads.exists() or len(list(uploads.iterdir())) <= 1


@pytest.mark.parametrize(
    "filename",
    [
        "../../escaped.txt",
        "..\\..\\escaped.txt",
        "/tmp/escaped.txt",
        "uploads/../../escaped.txt",
        "....//....//escaped.txt",
        "escaped.txt\x00.vtt",
        "",
    ],
)
def test_path_traversal_filenames_are_harmless(tmp_path: Path, filename: str) -> None:
    env = make_env(tmp_path)
    env.add_user("admin@example.com", "admin", "Ada Admin")
    with TestClient(env.app) as client:
        response = client.post(
            "/api/v1/calls",
            headers=env.auth(ADMIN),
            files={"file": (filename, call_text("Dana Reyes", "Sam Patel").encode())},
            data={"rep": "Dana Reyes"},
        )
        assert response.status_code in (202, 422), response.text
        if response.status_code == 202:
            job = response.json()
            assert "/" not in job["filename"] and "\\" not in job["filename"]
            assert ".." not in job["filename"].split(".txt")[0].strip(".")
            assert env.app.state.callcoach.jobs.wait_idle(300)
            done = client.get(job["status_url"], headers=env.auth(ADMIN)).json()
            assert done["status"] == "done", done
    everything = {p.relative_to(tmp_path) for p in tmp_path.rglob("*")}
    assert not any(p.name.startswith("escaped") for p in everything), everything
    assert not Path("/tmp/escaped.txt").exists()


def test_wrong_passwords_are_rate_limited(web_env: WebEnv) -> None:
    web_env.add_user("target@example.com", "rep", "Tara Get")
    with web_env.client() as client:
        csrf = csrf_of(client.get("/login").text)

        def attempt(password: str) -> int:
            response = client.post(
                "/login",
                data={"email": "target@example.com", "password": password, "csrf_token": csrf},
                follow_redirects=False,
            )
            return response.status_code

        statuses = [attempt(f"wrong guess {i}") for i in range(5)]
        assert statuses == [401] * 5
        assert attempt("wrong guess 6") == 429
        assert attempt(PASSWORD) == 429  # locked: even the right password waits
        # Other accounts are not locked by it (the per-address limit is higher).
        web_env.add_user("other@example.com", "rep", "Oth Er")
        response = client.post(
            "/login",
            data={"email": "other@example.com", "password": PASSWORD, "csrf_token": csrf},
            follow_redirects=False,
        )
        assert response.status_code == 303


def test_revoked_tokens_stop_working(web_env: WebEnv) -> None:
    from typer.testing import CliRunner

    from callcoach.cli import app

    web_env.add_user("admin@example.com", "admin", "Ada Admin")
    token = web_env.token(ADMIN, "read")
    with web_env.client() as client:
        assert client.get("/api/v1/me", headers=web_env.auth(ADMIN, "read")).status_code == 200
        db = str(web_env.root / "web.db")
        result = CliRunner().invoke(app, ["token", "revoke", token, "--db", db])
        assert result.exit_code == 0, result.output
        assert client.get("/api/v1/me", headers=web_env.auth(ADMIN, "read")).status_code == 401
        # Disabling a user stops their tokens and sessions too.
        session, _ = _session(web_env, ADMIN)
        write = web_env.auth(ADMIN, "write")
        assert client.get("/api/v1/me", headers=write).status_code == 200
        user = web_env.accounts.user_by_email(ADMIN)
        assert user is not None
        web_env.accounts.set_disabled(user.id, True)
        assert client.get("/api/v1/me", headers=write).status_code == 401
        assert session.get("/api/v1/me").status_code == 401


def test_sessions_cookies_and_logout(web_env: WebEnv) -> None:
    web_env.add_user("admin@example.com", "admin", "Ada Admin")
    with web_env.client() as client:
        page = client.get("/login")
        csrf = csrf_of(page.text)
        csrf_cookie = page.headers["set-cookie"]
        assert "HttpOnly" in csrf_cookie and "SameSite=Lax" in csrf_cookie
        response = client.post(
            "/login",
            data={"email": ADMIN, "password": PASSWORD, "csrf_token": csrf, "next": "//evil.com"},
            follow_redirects=False,
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/"  # never another site
        cookie = response.headers["set-cookie"]
        assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
        assert "Secure" not in cookie  # plain HTTP here
        session = client.cookies.get("callcoach_session")
        assert session and client.get("/api/v1/me").status_code == 200
        # The database keeps a hash of the session, not the session itself.
        assert session.encode() not in (web_env.root / "web.db").read_bytes()
        out = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
        assert out.status_code == 303 and out.headers["location"] == "/login"
        assert client.get("/api/v1/me").status_code == 401
        # A stolen copy of the old cookie is dead too.
        client.cookies.set("callcoach_session", session)
        assert client.get("/api/v1/me").status_code == 401


def test_cookies_are_secure_over_https(web_env: WebEnv) -> None:
    web_env.add_user("admin@example.com", "admin", "Ada Admin")
    with TestClient(web_env.app, base_url="https://testserver.local") as client:
        page = client.get("/login")
        assert "Secure" in page.headers["set-cookie"]
        response = client.post(
            "/login",
            data={"email": ADMIN, "password": PASSWORD, "csrf_token": csrf_of(page.text)},
            follow_redirects=False,
        )
        assert "Secure" in response.headers["set-cookie"]
        assert response.headers["strict-transport-security"].startswith("max-age=")


def test_secrets_are_stored_hashed(web_env: WebEnv) -> None:
    web_env.add_user("admin@example.com", "admin", "Ada Admin")
    token = web_env.token(ADMIN)
    raw = (web_env.root / "web.db").read_bytes()
    wal = web_env.root / "web.db-wal"
    raw += wal.read_bytes() if wal.exists() else b""
    assert token.encode() not in raw
    assert PASSWORD.encode() not in raw
    assert b"$argon2id$" in raw
