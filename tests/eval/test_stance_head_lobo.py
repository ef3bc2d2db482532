"""scripts/stance_head_lobo.py (1.10): its rank AUC and its refusal of sealed sets."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    return load_script("stance_head_lobo")


def test_auc_counts_ties_half_and_needs_both_classes() -> None:
    script = _script()
    assert script.auc([0.9, 0.8, 0.1], [1, 1, 0]) == 1.0
    assert script.auc([0.5, 0.5], [1, 0]) == 0.5
    assert script.auc([0.2, 0.9], [1, 0]) == 0.0
    assert script.auc([0.3, 0.4], [0, 0]) is None


@pytest.mark.parametrize("flag", ["--batches", "--fresh"])
def test_a_sealed_batch_is_refused(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    """1.11: batches are named from lexicon_loco.READ_BATCHES; a sealed set is none of them."""
    script = _script()
    with pytest.raises(SystemExit) as stop:
        script.main([flag, "sealed5"])
    assert stop.value.code == 2
    assert "not a read batch" in capsys.readouterr().err


def test_the_fresh_batch_takes_no_part_in_the_choice(capsys: pytest.CaptureFixture[str]) -> None:
    script = _script()
    with pytest.raises(SystemExit) as stop:
        script.main(["--batches", "dev,open6", "--fresh", "open6"])
    assert stop.value.code == 2
    assert "no part" in capsys.readouterr().err
