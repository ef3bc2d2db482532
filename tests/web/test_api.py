"""The REST API: uploads and their background analysis, call listing with filters and pages,
the analysis JSON, deletion, scorecards, findings, comments, reps, deals, insights, rubrics."""

from __future__ import annotations

from datetime import date

import pytest

from tests.web.conftest import WebEnv, call_text

ADMIN = "admin@example.com"
MANAGER = "east.manager@example.com"
ALICE = "alice@example.com"
BRUNO = "bruno@example.com"


def _upload(env: WebEnv, email: str, text: str, name: str = "call.txt", **form: str) -> dict:
    with env.client() as client:
        response = client.post(
            "/api/v1/calls",
            headers=env.auth(email),
            files={"file": (name, text.encode())},
            data=form,
        )
    assert response.status_code == 202, response.text
    assert response.headers["location"] == f"/api/v1/uploads/{response.json()['id']}"
    return dict(response.json())


def _finished(env: WebEnv, email: str, upload_id: str) -> dict:
    assert env.app.state.callcoach.jobs.wait_idle(300)
    with env.client() as client:
        response = client.get(f"/api/v1/uploads/{upload_id}", headers=env.auth(email))
    assert response.status_code == 200
    return dict(response.json())


def test_openapi_schema_is_served_and_documents_bearer_auth(team_web: WebEnv) -> None:
    with team_web.client() as client:
        schema = client.get("/api/v1/openapi.json").json()
        assert client.get("/docs").status_code in (303, 404)  # no CDN-backed docs UI
    assert schema["info"]["title"] == "callcoach"
    assert "/api/v1/calls" in schema["paths"]
    assert all(path.startswith("/api/v1/") for path in schema["paths"])
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def test_upload_is_analysed_in_the_background_and_stored(web_env: WebEnv) -> None:
    web_env.add_user("rep@example.com", "rep", "Dana Reyes")
    job = _upload(
        web_env,
        "rep@example.com",
        call_text("Dana Reyes", "Sam Patel"),
        call_date="2026-03-02",
        call_type="discovery",
    )
    assert job["status"] in ("queued", "running", "done")
    assert job["rep"] == "Dana Reyes"  # a rep's upload is theirs
    assert job["format"] == "text"
    done = _finished(web_env, "rep@example.com", job["id"])
    assert done["status"] == "done", done
    assert done["progress"] == 1.0 and done["error"] is None
    with web_env.client() as client:
        auth = web_env.auth("rep@example.com")
        report = client.get(done["call_url"], headers=auth)
        assert report.status_code == 200
        body = report.json()
        assert body["schema_version"] and body["call"]["id"] == job["call_id"]
        assert body["call"]["date"] == "2026-03-02"
        assert body["scorecard"]["rubric_id"] == "expert-not-friend"
        assert body["scorecard"]["call_type"] == "discovery"
        listing = client.get("/api/v1/calls", headers=auth).json()
        assert [c["id"] for c in listing["calls"]] == [job["call_id"]]
        assert listing["calls"][0]["reps"] == ["Dana Reyes"]
        uploads = client.get("/api/v1/uploads", headers=auth).json()
        assert [u["id"] for u in uploads] == [job["id"]]
    # The uploaded bytes are gone once analysed.
    assert not any((web_env.root / "uploads").iterdir())


def test_the_same_transcript_twice_is_stored_once(web_env: WebEnv) -> None:
    web_env.add_user("admin@example.com", "admin", "Ada Admin")
    text = call_text("Dana Reyes", "Sam Patel")
    first = _upload(web_env, ADMIN, text, rep="Dana Reyes")
    _finished(web_env, ADMIN, first["id"])
    second = _upload(web_env, ADMIN, text, rep="Dana Reyes")
    done = _finished(web_env, ADMIN, second["id"])
    assert done["status"] == "done" and done["stage"] == "already stored"
    assert second["call_id"] == first["call_id"]


def test_a_failed_analysis_keeps_the_ingest_message(web_env: WebEnv) -> None:
    web_env.add_user("admin@example.com", "admin", "Ada Admin")
    job = _upload(web_env, ADMIN, "WEBVTT\n\nNOTE nothing was said\n", name="empty.vtt")
    done = _finished(web_env, ADMIN, job["id"])
    assert done["status"] == "failed"
    assert "empty.vtt" in done["error"] and "no spoken text" in done["error"]
    assert str(web_env.root) not in done["error"]  # no server paths in messages
    with web_env.client() as client:
        assert client.get(done["call_url"], headers=web_env.auth(ADMIN)).status_code == 404


def test_unresolvable_roles_fail_with_the_reason(web_env: WebEnv) -> None:
    web_env.add_user("admin@example.com", "admin", "Ada Admin")
    job = _upload(web_env, ADMIN, call_text("Dana Reyes", "Sam Patel"), rep="Nobody Here")
    done = _finished(web_env, ADMIN, job["id"])
    assert done["status"] == "failed"
    assert "Nobody Here" in done["error"]


def test_uploads_that_are_not_transcripts_are_refused(web_env: WebEnv) -> None:
    web_env.add_user("admin@example.com", "admin", "Ada Admin")
    audio = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 8
    with web_env.client() as client:
        auth = web_env.auth(ADMIN)
        response = client.post("/api/v1/calls", headers=auth, files={"file": ("x.mp3", audio)})
        assert response.status_code == 415
        assert "audio" in response.json()["detail"]
        empty = client.post("/api/v1/calls", headers=auth, files={"file": ("x.txt", b"  \n")})
        assert empty.status_code == 422
        missing = client.post("/api/v1/calls", headers=auth, data={"rep": "x"})
        assert missing.status_code == 422
        bad_type = client.post(
            "/api/v1/calls",
            headers=auth,
            files={"file": ("x.txt", b"A: hi\nB: hello\n")},
            data={"call_type": "party"},
        )
        assert bad_type.status_code == 422
    assert not (web_env.root / "uploads").exists() or not any((web_env.root / "uploads").iterdir())


def test_list_filters_and_pages(web_env: WebEnv) -> None:
    web_env.add_user("admin@example.com", "admin", "Ada Admin")
    ids = [web_env.store_call("Dana Reyes", "Sam Patel", f"topic {i}") for i in range(3)]
    ids.append(web_env.store_call("Omar Haddad", "Lee Wong"))
    with web_env.client() as client:
        auth = web_env.auth(ADMIN)

        def listed(**params: object) -> dict:
            response = client.get("/api/v1/calls", headers=auth, params=params)
            assert response.status_code == 200, response.text
            return dict(response.json())

        assert listed()["total"] == 4
        dana = listed(rep="  dana   REYES ")
        assert dana["total"] == 3 and {c["id"] for c in dana["calls"]} == set(ids[:3])
        first, second = listed(limit=2), listed(limit=2, offset=2)
        assert first["total"] == second["total"] == 4
        assert len(first["calls"]) == 2 and len(second["calls"]) == 2
        assert not {c["id"] for c in first["calls"]} & {c["id"] for c in second["calls"]}
        assert listed(min_score=5.01 - 0.01, max_score=5)["total"] <= 4
        assert listed(min_score=0, max_score=5)["total"] == 4  # every call is scored
        assert listed(date_from=date(2000, 1, 1).isoformat())["total"] == 0  # undated calls
        assert client.get("/api/v1/calls", headers=auth, params={"limit": 0}).status_code == 422
        assert (
            client.get("/api/v1/calls", headers=auth, params={"date_from": "soon"}).status_code
            == 422
        )


def test_call_parts_scorecards_findings_and_delete(web_env: WebEnv) -> None:
    web_env.add_user("admin@example.com", "admin", "Ada Admin")
    call_id = web_env.store_call("Dana Reyes", "Sam Patel")
    with web_env.client() as client:
        auth = web_env.auth(ADMIN)
        cards = client.get(f"/api/v1/calls/{call_id}/scorecards", headers=auth).json()
        assert [c["rubric_id"] for c in cards] == ["expert-not-friend"]
        findings = client.get(f"/api/v1/calls/{call_id}/findings", headers=auth).json()
        assert findings and all(f["evidence"] for f in findings)
        questions = client.get(
            f"/api/v1/calls/{call_id}/findings", headers=auth, params={"detector": "question"}
        ).json()
        assert questions and {f["detector"] for f in questions} == {"question"}
        assert client.delete(f"/api/v1/calls/{call_id}", headers=auth).status_code == 204
        assert client.get(f"/api/v1/calls/{call_id}", headers=auth).status_code == 404
        assert client.delete(f"/api/v1/calls/{call_id}", headers=auth).status_code == 404
        assert client.get("/api/v1/calls", headers=auth).json()["total"] == 0


def test_comments_on_moments(team_web: WebEnv) -> None:
    call_id = team_web.calls["Alice Moreno"]
    with team_web.client() as client:
        manager = team_web.auth(MANAGER)
        posted = client.post(
            f"/api/v1/calls/{call_id}/comments",
            headers=manager,
            json={"body": "Great question here.", "utterance_id": "u0002"},
        )
        assert posted.status_code == 201, posted.text
        comment = posted.json()
        assert comment["author"] == "Erin East" and comment["utterance_id"] == "u0002"
        bad_anchor = client.post(
            f"/api/v1/calls/{call_id}/comments",
            headers=manager,
            json={"body": "x", "utterance_id": "u9999"},
        )
        assert bad_anchor.status_code == 422
        assert (
            client.post(
                f"/api/v1/calls/{call_id}/comments", headers=manager, json={"body": ""}
            ).status_code
            == 422
        )
        # The rep reads the comment but cannot comment or delete it.
        alice = team_web.auth(ALICE)
        listed = client.get(f"/api/v1/calls/{call_id}/comments", headers=alice).json()
        assert [c["id"] for c in listed] == [comment["id"]]
        denied = client.post(
            f"/api/v1/calls/{call_id}/comments", headers=alice, json={"body": "me too"}
        )
        assert denied.status_code == 403
        url = f"/api/v1/calls/{call_id}/comments/{comment['id']}"
        assert client.delete(url, headers=alice).status_code == 403
        assert client.delete(url, headers=manager).status_code == 204
        assert client.get(f"/api/v1/calls/{call_id}/comments", headers=alice).json() == []


def test_reps_and_rep_detail_follow_the_teams(team_web: WebEnv) -> None:
    with team_web.client() as client:

        def reps(email: str) -> list[str]:
            return [
                r["name"] for r in client.get("/api/v1/reps", headers=team_web.auth(email)).json()
            ]

        assert reps(ADMIN) == ["Alice Moreno", "Bruno Silva"]
        assert reps(MANAGER) == ["Alice Moreno"]
        assert reps(ALICE) == ["Alice Moreno"]
        detail = client.get("/api/v1/reps/alice moreno", headers=team_web.auth(MANAGER)).json()
        assert detail["name"] == "Alice Moreno"
        assert [c["id"] for c in detail["calls"]] == [team_web.calls["Alice Moreno"]]
        assert detail["scores"][0]["rubric_id"] == "expert-not-friend"
        assert detail["scores"][0]["criteria"]
        for email in (MANAGER, ALICE):
            response = client.get("/api/v1/reps/Bruno Silva", headers=team_web.auth(email))
            assert response.status_code == 404
        assert client.get("/api/v1/reps/Nobody", headers=team_web.auth(ADMIN)).status_code == 404


def test_me_rubrics_and_no_rubric_files(team_web: WebEnv) -> None:
    with team_web.client() as client:
        auth = team_web.auth(ALICE, "read")
        me = client.get("/api/v1/me", headers=auth).json()
        assert me == {
            "id": me["id"],
            "email": ALICE,
            "name": "Alice Moreno",
            "role": "rep",
            "teams": ["East"],
            "token_scope": "read",
        }
        rubrics = client.get("/api/v1/rubrics", headers=auth).json()
        assert "expert-not-friend" in {r["id"] for r in rubrics}
        rubric = client.get("/api/v1/rubrics/expert-not-friend", headers=auth).json()
        assert rubric["criteria"] and rubric["criteria"][0]["id"]
        for probe in ("..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "nope"):
            assert client.get(f"/api/v1/rubrics/{probe}", headers=auth).status_code == 404


def test_deals_and_insights_are_scoped(web_env: WebEnv) -> None:
    from callcoach.model import Deal, DealLink
    from callcoach.storage.repository import Repository

    web_env.add_user("admin@example.com", "admin", "Ada Admin")
    web_env.add_user("alice@example.com", "rep", "Alice Moreno", ("East",))
    web_env.add_user("east.manager@example.com", "manager", "Erin East", ("East",))
    alice_call = web_env.store_call("Alice Moreno", "Priya Shah")
    bruno_call = web_env.store_call("Bruno Silva", "Tom Becker")
    repository = Repository(web_env.app.state.callcoach.engine)
    repository.save_deals(
        [
            Deal("D-1", "generic", "Alpha", amount=1000.0, won=True, owner="Alice Moreno"),
            Deal("D-2", "generic", "Beta", amount=5000.0, won=False, owner="Bruno Silva"),
            Deal("D-3", "generic", "SYNTHETIC Gamma", amount=9.0, won=True, owner="Bruno Silva"),
        ]
    )
    repository.save_links(
        [
            DealLink(alice_call, "D-1", "deal-id", 1.0, "test"),
            DealLink(bruno_call, "D-2", "deal-id", 1.0, "test"),
        ]
    )
    with web_env.client() as client:
        admin = client.get("/api/v1/deals", headers=web_env.auth(ADMIN)).json()
        assert {d["id"]: d["synthetic"] for d in admin} == {"D-1": False, "D-2": False, "D-3": True}
        alice = client.get("/api/v1/deals", headers=web_env.auth(ALICE)).json()
        assert [(d["id"], d["calls"]) for d in alice] == [("D-1", [alice_call])]
        insights = client.get(
            "/api/v1/insights", headers=web_env.auth(MANAGER), params={"min_closed_deals": 1}
        )
        assert insights.status_code == 200, insights.text
        assert "Bruno Silva" not in insights.text
        assert client.get("/api/v1/insights", headers=web_env.auth(ALICE)).status_code == 403


@pytest.mark.parametrize("scope", ["read", "write"])
def test_token_scopes(team_web: WebEnv, scope: str) -> None:
    with team_web.client() as client:
        auth = team_web.auth(ADMIN, scope)
        assert client.get("/api/v1/calls", headers=auth).status_code == 200
        response = client.post("/api/v1/calls", headers=auth, files={"file": ("x.txt", b"  ")})
        assert response.status_code == (403 if scope == "read" else 422)
