"""Property-based fuzzing of the REST API from its own OpenAPI schema (schemathesis): every
operation, a bounded number of generated requests each, as an admin with a write token and
without credentials. No request may get a server error (5xx)."""

from __future__ import annotations

import pytest

from tests.web.conftest import WebEnv

schemathesis = pytest.importorskip("schemathesis")
hypothesis = pytest.importorskip("hypothesis")

EXAMPLES = 12  # per operation: the whole run stays well under a minute


def _run_operation(
    operation: object, headers: dict[str, str], real: dict[str, str] | None = None
) -> None:
    """Up to ``EXAMPLES`` generated requests; with ``real``, half of them name stored data
    (a real call id, rep name …) in their path so that the handlers run past the lookup."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st
    from schemathesis.checks import not_a_server_error

    def point_at_real_data(pair: tuple[object, bool]) -> object:
        case, use_real = pair
        parameters = getattr(case, "path_parameters", None)
        if use_real and real and parameters:
            for name in parameters:
                if name in real:
                    parameters[name] = real[name]
        return case

    strategy = st.tuples(operation.as_strategy(), st.booleans()).map(point_at_real_data)  # type: ignore[attr-defined]

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case: object) -> None:
        response = case.call(headers=headers)  # type: ignore[attr-defined]
        case.validate_response(response, checks=[not_a_server_error])  # type: ignore[attr-defined]

    check()


def test_no_request_generated_from_the_schema_gets_a_server_error(team_web: WebEnv) -> None:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", team_web.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    auth = team_web.auth("admin@example.com", "write")
    real = {
        "call_id": team_web.calls["Alice Moreno"],
        "name": "Alice Moreno",
        "rubric_id": "expert-not-friend",
    }
    for operation in operations:
        deleting = getattr(operation, "method", "").upper() == "DELETE"
        _run_operation(operation, auth, None if deleting else real)
    # Without credentials, every generated request is refused, never a crash.
    for operation in operations:
        _run_operation(operation, {})
    assert team_web.app.state.callcoach.jobs.wait_idle(300)
