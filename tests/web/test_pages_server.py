"""The HTML pages through the app (TestClient): who sees what, forms, CSRF and uploads.

Fixtures from conftest.py: ``team_web`` has an admin, the East manager, reps Alice (East) and
Bruno (West) with one stored call each.
"""

from __future__ import annotations

import re
import time
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from callcoach.web import pages
from tests.web.conftest import WebEnv, call_text, csrf_of, login

ADMIN, MANAGER = "admin@example.com", "east.manager@example.com"
ALICE, BRUNO = "alice@example.com", "bruno@example.com"


def signed_in(env: WebEnv, email: str) -> tuple[TestClient, str]:
    client = env.client()
    return client, login(client, email)


def page_routes() -> list[APIRoute]:
    routes = [r for r in pages.router.routes if isinstance(r, APIRoute)]
    assert len(routes) >= 12, routes
    return routes


def concrete(path: str, env: WebEnv) -> str:
    return (
        path.replace("{call_id}", env.calls["Alice Moreno"])
        .replace("{name:path}", quote("Alice Moreno"))
        .replace("{job_id}", "0" * 32)
    )


PUBLIC = {"/", "/favicon.ico", "/assets/report.css"}  # no data: a redirect, nothing, a stylesheet


def test_every_page_route_needs_a_signed_in_user(team_web: WebEnv) -> None:
    client = team_web.client()
    for route in page_routes():
        if route.path in PUBLIC:
            continue
        for method in route.methods:
            response = client.request(
                method, concrete(route.path, team_web), follow_redirects=False
            )
            assert response.status_code in (303, 307, 401, 403), (method, route.path)
            assert "Alice Moreno" not in response.text


def test_admin_sees_every_page(team_web: WebEnv) -> None:
    client, _ = signed_in(team_web, ADMIN)
    calls = client.get("/calls")
    assert calls.status_code == 200
    for call_id in team_web.calls.values():
        assert f'data-call="{call_id}"' in calls.text
        assert client.get(f"/calls/{call_id}").status_code == 200
    for name in ("Alice Moreno", "Bruno Silva"):
        assert client.get(f"/reps/{quote(name)}").status_code == 200
    team = client.get("/team").text
    assert 'data-rep="Alice Moreno"' in team and 'data-rep="Bruno Silva"' in team
    for path in ("/insights", "/rubrics", "/upload"):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("email", [MANAGER, ALICE])
def test_nobody_sees_a_call_or_rep_outside_their_view(team_web: WebEnv, email: str) -> None:
    client, csrf = signed_in(team_web, email)
    bruno_call = team_web.calls["Bruno Silva"]
    alice_call = team_web.calls["Alice Moreno"]
    listed = client.get("/calls").text
    assert f'data-call="{alice_call}"' in listed and bruno_call not in listed
    assert client.get(f"/calls/{alice_call}").status_code == 200
    hidden = client.get(f"/calls/{bruno_call}")
    missing = client.get(f"/calls/{'f' * 64}")
    assert hidden.status_code == missing.status_code == 404
    assert "Bruno" not in hidden.text and "Tom Becker" not in hidden.text
    assert client.get("/reps/Bruno%20Silva").status_code == 404
    assert client.get("/reps/bruno%20silva").status_code == 404
    assert client.get("/reps/Alice%20Moreno").status_code == 200
    for path in ("/team", "/insights", "/rubrics", "/calls?rep=Bruno+Silva"):
        answer = client.get(path)
        assert answer.status_code == 200 and "Bruno Silva" not in answer.text, path
    comment = client.post(
        f"/calls/{bruno_call}/comments",
        data={"text": "peek", "utterance_id": "u0001", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert comment.status_code == 404


def test_comments_from_the_call_page(team_web: WebEnv) -> None:
    call_id = team_web.calls["Alice Moreno"]
    manager, csrf = signed_in(team_web, MANAGER)
    page = manager.get(f"/calls/{call_id}").text
    assert "comment-form" in page
    moment = re.search(r'name="utterance_id" value="([^"]+)"', page)
    assert moment, "a scored call has a key moment to comment on"
    text = "Ask <b>why</b> before the demo & wait."
    posted = manager.post(
        f"/calls/{call_id}/comments",
        data={"text": text, "utterance_id": moment[1], "csrf_token": csrf_of(page)},
        follow_redirects=False,
    )
    assert posted.status_code == 303
    assert posted.headers["location"] == f"/calls/{call_id}#{moment[1]}"
    shown = manager.get(f"/calls/{call_id}").text
    assert "Ask &lt;b&gt;why&lt;/b&gt; before the demo &amp; wait." in shown
    assert "<b>why</b>" not in shown
    # Without the CSRF token: refused, nothing stored.
    forged = manager.post(
        f"/calls/{call_id}/comments",
        data={"text": "forged", "utterance_id": moment[1]},
        follow_redirects=False,
    )
    assert forged.status_code == 403
    assert "forged" not in manager.get(f"/calls/{call_id}").text
    for data, status in [
        ({"text": "   ", "utterance_id": moment[1]}, 422),
        ({"text": "x", "utterance_id": "u9999"}, 422),
        ({"text": "x" * 2001, "utterance_id": moment[1]}, 422),
    ]:
        answer = manager.post(
            f"/calls/{call_id}/comments", data={**data, "csrf_token": csrf}, follow_redirects=False
        )
        assert answer.status_code == status, data
    # Alice reads the comment on her call; she cannot comment.
    alice, alice_csrf = signed_in(team_web, ALICE)
    own = alice.get(f"/calls/{call_id}").text
    assert "Ask &lt;b&gt;why&lt;/b&gt;" in own and "comment-form" not in own
    denied = alice.post(
        f"/calls/{call_id}/comments",
        data={"text": "me too", "utterance_id": moment[1], "csrf_token": alice_csrf},
        follow_redirects=False,
    )
    assert denied.status_code == 403


def test_deleting_a_call_from_its_page(web_env: WebEnv) -> None:
    web_env.add_user("admin@example.com", "admin", "Ada Admin")
    web_env.add_user("east.manager@example.com", "manager", "Erin East", ("East",))
    web_env.add_user("west.manager@example.com", "manager", "Walt West", ("West",))
    web_env.add_user("alice@example.com", "rep", "Alice Moreno", ("East",))
    call_id = web_env.store_call("Alice Moreno", "Priya Shah")
    alice, alice_csrf = signed_in(web_env, ALICE)
    assert "Delete this call" not in alice.get(f"/calls/{call_id}").text
    url = f"/calls/{call_id}/delete"
    assert alice.post(url, data={"csrf_token": alice_csrf}).status_code == 403
    west, west_csrf = signed_in(web_env, "west.manager@example.com")
    assert west.post(url, data={"csrf_token": west_csrf}).status_code == 404
    east, east_csrf = signed_in(web_env, MANAGER)
    page = east.get(f"/calls/{call_id}").text
    assert "Delete this call" in page and "data-confirm=" in page
    assert east.post(url, follow_redirects=False).status_code == 403  # no CSRF token
    deleted = east.post(url, data={"csrf_token": east_csrf}, follow_redirects=False)
    assert deleted.status_code == 303 and deleted.headers["location"] == "/calls"
    assert east.get(f"/calls/{call_id}").status_code == 404
    admin, _ = signed_in(web_env, ADMIN)
    assert admin.get(f"/calls/{call_id}").status_code == 404


def test_team_and_insights_count_only_the_deals_you_may_see(web_env: WebEnv) -> None:
    from callcoach.model import Deal, DealLink
    from callcoach.storage import Repository

    web_env.add_user("admin@example.com", "admin", "Ada Admin")
    web_env.add_user("east.manager@example.com", "manager", "Erin East", ("East",))
    web_env.add_user("alice@example.com", "rep", "Alice Moreno", ("East",))
    alice = web_env.store_call("Alice Moreno", "Priya Shah")
    bruno = web_env.store_call("Bruno Silva", "Tom Becker")
    repository = Repository(web_env.app.state.callcoach.engine)
    repository.save_deals(
        [
            Deal("A1", "generic", amount=1200.0, currency="USD", won=True, owner="Alice Moreno"),
            Deal("B1", "generic", amount=987654.0, currency="USD", won=True, owner="Bruno Silva"),
        ]
    )
    repository.save_links(
        [DealLink(alice, "A1", "deal-id", 1.0, "test"), DealLink(bruno, "B1", "deal-id", 1.0, "t")]
    )
    manager, _ = signed_in(web_env, MANAGER)
    team = manager.get("/team").text
    assert "$1,200" in team and "987,654" not in team and "Bruno" not in team
    insights = manager.get("/insights")
    assert insights.status_code == 200 and "987,654" not in insights.text
    admin, _ = signed_in(web_env, ADMIN)
    everyone = admin.get("/team").text
    assert everyone.index("Bruno Silva") < everyone.index("Alice Moreno")  # revenue first
    assert "$987,654" in everyone


def test_call_list_filters_and_bad_values(team_web: WebEnv) -> None:
    client, _ = signed_in(team_web, ADMIN)
    only = client.get("/calls", params={"rep": "alice moreno"}).text
    assert team_web.calls["Alice Moreno"] in only and team_web.calls["Bruno Silva"] not in only
    bad = client.get("/calls", params={"from": "yesterday", "min_score": "11", "page": "-1"})
    assert bad.status_code == 200
    assert "not a date" in bad.text and "not a score" in bad.text
    assert bad.text.count('<tr data-call="') == 2
    none = client.get("/calls", params={"min_score": "5", "max_score": "0"}).text
    assert "0 of 2 calls match" in none


def test_upload_through_the_page(web_env: WebEnv) -> None:
    web_env.add_user("sam@example.com", "rep", "Sam Rep", ("South",))
    web_env.add_user("other@example.com", "rep", "Olga Other", ("South",))
    client, csrf = signed_in(web_env, "sam@example.com")
    form = client.get("/upload")
    assert form.status_code == 200 and 'value="Sam Rep"' in form.text
    assert "<option>discovery</option>" in form.text
    text = call_text("Sam Rep", "Dora Buyer").encode()
    posted = client.post(
        "/upload",
        data={"csrf_token": csrf, "rep": "Sam Rep", "call_date": "2026-11-02"},
        files={"file": ("../../etc/passwd.txt", text, "text/plain")},
        follow_redirects=False,
    )
    assert posted.status_code == 303, posted.text
    job_page = posted.headers["location"]
    assert re.fullmatch(r"/uploads/[0-9a-f]{32}", job_page)
    page = client.get(job_page)
    assert page.status_code == 200 and "passwd.txt" in page.text and "../" not in page.text
    status_url = re.search(r'data-poll="([^"]+)"', page.text)
    assert status_url and status_url[1] == "/api/v1" + job_page
    deadline = time.monotonic() + 120
    while (state := client.get(status_url[1]).json())["status"] not in ("done", "failed"):
        assert time.monotonic() < deadline, state
        time.sleep(0.2)
    assert state["status"] == "done", state
    done = client.get(job_page).text
    assert f'href="/calls/{state["call_id"]}"' in done
    assert client.get(f"/calls/{state['call_id']}").status_code == 200
    recent = client.get("/upload").text
    assert 'id="recent-uploads"' in recent and f'href="/calls/{state["call_id"]}"' in recent
    # Another user cannot follow this upload.
    other, _ = signed_in(web_env, "other@example.com")
    assert other.get(job_page).status_code == 404
    assert other.get(f"/calls/{state['call_id']}").status_code == 404


@pytest.mark.parametrize(
    ("data", "file", "status", "message"),
    [
        ({"rep": "Olga Other"}, ("a.txt", b"x: y", "text/plain"), 403, "only their own"),
        ({"call_date": "11/02/2026"}, ("a.txt", b"A: hi", "text/plain"), 422, "YYYY-MM-DD"),
        ({"call_type": "cold"}, ("a.txt", b"A: hi", "text/plain"), 422, "call_type"),
        ({}, ("a.txt", b"", "text/plain"), 422, "empty"),
        ({}, ("a.mp3", b"ID3\x04\x00" + b"\x00" * 64, "audio/mpeg"), 415, ""),
    ],
)
def test_refused_uploads_explain_why_on_the_form(
    web_env: WebEnv, data: dict[str, str], file: tuple[str, bytes, str], status: int, message: str
) -> None:
    web_env.add_user("sam@example.com", "rep", "Sam Rep", ("South",))
    client, csrf = signed_in(web_env, "sam@example.com")
    answer = client.post("/upload", data={"csrf_token": csrf, **data}, files={"file": file})
    assert answer.status_code == status, answer.text
    assert 'id="upload-form"' in answer.text and message in answer.text
    assert web_env.accounts.jobs() == []


def test_the_form_offers_the_call_types_of_the_upload_rubric(tmp_path: object) -> None:
    from pathlib import Path

    from callcoach.scoring import load_rubric
    from tests.web.conftest import make_env

    env = make_env(Path(str(tmp_path)), rubric="expert-not-friend")
    with TestClient(env.app):
        env.add_user("sam@example.com", "rep", "Sam Rep")
        client, _ = signed_in(env, "sam@example.com")
        form = client.get("/upload").text
        for call_type in load_rubric("expert-not-friend").call_types:
            assert f"<option>{call_type}</option>" in form


def test_an_upload_over_the_limit_is_413(tmp_path: object) -> None:
    from pathlib import Path

    from tests.web.conftest import make_env

    env = make_env(Path(str(tmp_path)), max_upload_bytes=1000)
    with TestClient(env.app):
        env.add_user("sam@example.com", "rep", "Sam Rep")
        client, csrf = signed_in(env, "sam@example.com")
        big = call_text("Sam Rep", "Dora Buyer").encode() * 20
        answer = client.post(
            "/upload", data={"csrf_token": csrf}, files={"file": ("big.txt", big, "text/plain")}
        )
        assert answer.status_code == 413
        assert env.accounts.jobs() == []


def test_stylesheets_and_script_are_served(team_web: WebEnv) -> None:
    client = team_web.client()
    css = client.get("/assets/report.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert ".transcript" in css.text
    for name in ("pages.css", "pages.js"):
        assert client.get(f"/static/{name}").status_code == 200
    assert client.get("/favicon.ico").status_code == 204
