"""scripts/validate_insights.py on a small Persuasion For Good sample (corpus beside the repo)."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import pytest

from tests.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = ROOT / ".." / "shared" / "data"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(
        not (SHARED_DATA / "persuasionforgood").exists(),
        reason="../shared/data not present (evaluation corpora live beside the checkout)",
    ),
]


def load_validator() -> ModuleType:
    return load_script("validate_insights")


def test_p4g_sample_end_to_end() -> None:
    script = load_validator()
    result = script.p4g_insights(SHARED_DATA, limit=30, detectors=["question"], rubric=None)
    report = result.report
    assert result.conversations == 30 and report.closed_deals == 30
    assert report.won_deals == result.donated
    assert not report.enough_data and "Not enough data to conclude" in report.verdict
    assert any(f.feature == "rep_questions" and f.bands for f in report.features)
    doc = script.render(result, SHARED_DATA, "python scripts/validate_insights.py --limit 30")
    assert "`craigslistbargain`: no conversations.jsonl.gz" in doc
    ours_low, ours_high, sm_low, sm_high = re.findall(r"\d\.\d{6}", script.cross_check(report))
    assert (ours_low, ours_high) == (sm_low, sm_high)
