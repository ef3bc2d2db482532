"""Examples in the docs are run, so they cannot rot."""

from __future__ import annotations

from callcoach.model import RoleAssignment
from callcoach.scoring import parse_rubric, score_call
from callcoach.scoring.rubric import check_references
from callcoach.testing import make_call
from tests.conftest import ROOT


def _yaml_blocks(name: str) -> list[str]:
    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    return [block.split("```", 1)[0] for block in text.split("```yaml\n")[1:]]


def test_rubric_example_in_docs_parses_and_scores() -> None:
    (example,) = _yaml_blocks("rubrics.md")
    rubric = parse_rubric(example, source="docs/rubrics.md")
    check_references(rubric, source="docs/rubrics.md")
    import callcoach

    call = make_call(
        [
            ("Rep", "How does your team close the books today?"),
            ("Prospect", "Mostly spreadsheets."),
            ("Rep", "What happens when an invoice is late?"),
            ("Prospect", "We chase it by email."),
            ("Rep", "I'll send the proposal by Thursday and you'll book your CFO for Tuesday 2pm?"),
        ]
    )
    roles = RoleAssignment({"Rep": "rep", "Prospect": "prospect"}, 1.0, "explicit")
    analysis = callcoach.analyze(call, roles=roles, detectors=["question", "next_step"])
    card = score_call(rubric, call, roles, analysis.metrics, analysis.findings)
    assert card.criterion("questions").score == 3
    assert card.criterion("close").score is not None
    assert card.overall is not None
