"""The one-entry memo detectors use for work done twice per call (issue 16)."""

from __future__ import annotations

from dataclasses import dataclass

from callcoach.detectors import _memo
from callcoach.detectors.needs_coverage import find_statements
from callcoach.detectors.summarize import CandidateRules, find_restatements, restatement_texts
from callcoach.model import RoleAssignment
from callcoach.testing import make_call


@dataclass(frozen=True)
class _Thing:
    name: str


def test_same_objects_and_equal_key_reuse_the_value() -> None:
    memo: _memo.LastCall[list[int]] = _memo.LastCall()
    made: list[int] = []

    def make() -> list[int]:
        made.append(1)
        return [len(made)]

    call, roles = _Thing("call"), _Thing("roles")
    assert memo.get((call, roles), ("a", 1), make) == [1]
    assert memo.get((call, roles), ("a", 1), make) == [1]
    assert len(made) == 1


def test_an_equal_but_different_object_or_another_key_recomputes() -> None:
    memo: _memo.LastCall[int] = _memo.LastCall()
    count = iter(range(100))
    call = _Thing("call")
    assert memo.get((call,), 1, lambda: next(count)) == 0
    assert memo.get((_Thing("call"),), 1, lambda: next(count)) == 1  # equal, not the same
    assert memo.get((_Thing("call"),), 1, lambda: next(count)) == 2
    first = _Thing("x")
    assert memo.get((first,), 1, lambda: next(count)) == 3
    assert memo.get((first,), 2, lambda: next(count)) == 4  # another key
    assert memo.get((first, first), 2, lambda: next(count)) == 5  # another arity
    memo.clear()
    assert memo.get((first, first), 2, lambda: next(count)) == 6


_LINES = [
    ("Rep", "Thanks for joining. What is slowing the month-end close for your team?"),
    (
        "Prospect",
        "We lose two days every month on reconciling invoices by hand. We need an automated "
        "invoice matching step before the auditors arrive.",
    ),
    (
        "Rep",
        "So you lose two days every month reconciling invoices by hand. I'd recommend starting "
        "with the automated invoice matching module for the reconciliation.",
    ),
    ("Prospect", "That sounds right."),
]
ROLES = RoleAssignment(roles={"Rep": "rep", "Prospect": "prospect"}, confidence=1.0, method="x")


def test_announced_texts_and_findings_come_from_one_plan_and_stay_correct() -> None:
    call, roles = make_call(_LINES), ROLES
    texts = restatement_texts(call, roles, CandidateRules(), None)
    assert texts  # the rep's playback and the prospect turn it is compared with
    again = restatement_texts(call, roles, CandidateRules(), None)
    assert texts == again
    other = make_call(_LINES)  # an equal call, another object
    assert other is not call
    assert restatement_texts(other, roles, CandidateRules(), None) == texts

    class Lengths:
        def encode(self, batch: list[str]) -> object:
            import numpy as np

            rows = np.ones((len(batch), 3), dtype=np.float32)
            return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    found = find_restatements(call, roles, Lengths())  # type: ignore[arg-type]
    assert found
    assert [r.utterance.id for r in found] == [
        r.utterance.id
        for r in find_restatements(other, roles, Lengths())  # type: ignore[arg-type]
    ]


def test_statements_follow_the_lexicon_passed_not_the_memo() -> None:
    from callcoach.detectors._patterns import compile_phrases

    call, roles = make_call(_LINES), ROLES
    shipped = find_statements(call, roles)
    assert any(s.kind == "need" for s in shipped)
    assert find_statements(call, roles) == shipped
    nothing = compile_phrases("needs", {"need": ["zebra crossing"]}, lazy=True)
    assert not any(s.kind == "need" for s in find_statements(call, roles, 4, nothing))
    assert find_statements(call, roles) == shipped
    result = find_statements(call, roles)
    result.clear()  # a caller's list is its own
    assert find_statements(call, roles) == shipped
