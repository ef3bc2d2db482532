"""small_talk embeds only the utterances whose scores it reads (issue 16), and the window it
scores at a time changes no finding: a text's score is a function of the text alone."""

from __future__ import annotations

import dataclasses

import pytest

from callcoach.detectors import small_talk
from callcoach.detectors.small_talk import SmallTalkDetector
from callcoach.testing import RecordingEmbedder
from tests.detectors.conftest import build_call, build_context

# Invented: chat at both edges, business between, a personal aside in the middle.
TURNS = [
    ("Rep", "Morning Priya, how was the long weekend?"),
    ("Prospect", "Lovely, we drove up to the lakes with the dog."),
    ("Rep", "Oh nice, was it busy up there?"),
    ("Prospect", "Packed, but the walks were worth it."),
    ("Rep", "Shall we look at the renewal terms for the depot scanners?"),
    ("Prospect", "Sure. Our crews lose about an hour a shift re-scanning pallets."),
    ("Rep", "How many crews run on the night shift?"),
    ("Prospect", "Four, and two of them share one supervisor."),
    ("Rep", "My brother works nights too, he swears by the quiet."),
    ("Prospect", "Ha, it is quiet until a truck is late."),
    ("Rep", "What happens to the pallets when a truck is late?"),
    ("Prospect", "They sit on the dock and get scanned twice."),
    ("Rep", "And who approves a change to the scanning process?"),
    ("Prospect", "Operations proposes it, finance signs anything over twenty thousand."),
    ("Rep", "What would it be worth to stop the double scans?"),
    ("Prospect", "Roughly two hundred labour hours a month across the depots."),
    ("Rep", "Understood, I will put the numbers into a short proposal."),
    ("Prospect", "Send it over and I will share it with our controller."),
    ("Rep", "Thanks so much for the time today, enjoy the rest of your week."),
    ("Prospect", "You too, bye now."),
]


def _run(
    window: int, monkeypatch: pytest.MonkeyPatch, **params: object
) -> tuple[list[object], list[str]]:
    monkeypatch.setattr(small_talk, "_WINDOW", window)
    call = build_call(TURNS, timestamps=True)
    recording = RecordingEmbedder()
    context = dataclasses.replace(build_context(call), embedder=recording)
    found = SmallTalkDetector(**params).detect(call, context)
    rows = [(f.label, f.confidence, f.utterance_ids, dict(f.attributes)) for f in found]
    return list(rows), recording.texts


def test_window_changes_no_finding_and_embeds_only_what_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = small_talk._WINDOW
    assert window == 0  # the shipped value: one utterance at a time
    shipped, asked = _run(window, monkeypatch)
    wide, asked_wide = _run(2, monkeypatch)
    assert shipped and shipped == wide
    assert set(asked) <= set(asked_wide)
    # Without seeds (1.12 reads the free utterances within 8 of a span, which on this short
    # call are the wide window's neighbours too), the wide window embeds neighbours nobody
    # reads.
    seedless, asked = _run(window, monkeypatch, seed=0.0)
    seedless_wide, asked_wide = _run(2, monkeypatch, seed=0.0)
    assert seedless and seedless == seedless_wide
    assert set(asked) < set(asked_wide)
