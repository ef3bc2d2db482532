"""scripts/stance_rows_lobo.py (1.12): which batches may train a head, and the gates it tries."""

from __future__ import annotations

from types import ModuleType

import pytest

from callcoach.detectors.stance import against_sale, names_number
from callcoach.model import Evidence
from tests.detectors.conftest import build_call
from tests.scripts import load_script


def _script() -> ModuleType:
    return load_script("stance_rows_lobo")


@pytest.mark.parametrize(
    "argv",
    [
        ["--batches", "open,sealed5"],
        ["--batches", "dev,open2"],  # the dev calls never train a head
        ["--fresh", "open9"],  # a batch still unopened
    ],
)
def test_only_opened_blind_batches_are_read(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        _script().main(argv)
    assert stop.value.code == 2
    assert "not an opened blind batch" in capsys.readouterr().err


def test_the_fresh_batch_is_never_trained_on(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        _script().main(["--batches", "open,open2", "--fresh", "open2"])
    assert stop.value.code == 2
    assert "never trained on" in capsys.readouterr().err


def test_a_plain_limit_passes_against_sale_only_without_the_marker() -> None:
    """1.12: ``marker=False`` drops the negation / limit word only; the speaker's own wants
    and a reassurance stay out."""
    call = build_call(
        [
            ("Prospect", "How soon could the racks be in?"),
            ("Rep", "Delivery is about six weeks from the day you order."),
            ("Prospect", "Right."),
            ("Rep", "Our crew will look after you on the install day itself."),
        ]
    )
    lead, reassure = (call.utterances[i].text for i in (1, 3))
    from callcoach.detectors.candor import CandorDetector

    detector = CandorDetector()

    def finding(i: int):  # type: ignore[no-untyped-def]
        u = call.utterances[i]
        return detector.finding("candor", [Evidence.of(u, 0, len(u.text))], 1.0)

    assert names_number(lead) and not names_number(reassure)
    assert not against_sale(call, finding(1))
    assert against_sale(call, finding(1), marker=False)
    assert not against_sale(call, finding(3), marker=False)
