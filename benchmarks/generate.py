"""Deterministic synthetic sales calls (about an hour, ~700 caption cues, 2–4 speakers).

The same ``seed`` always gives the same call and the same bytes in every format, so runs
are comparable across machines and commits. The words are plausible business talk (pain,
process, numbers, questions, backchannels), not real conversations: good for timing and
for smoke-testing detectors at scale, not for judging their accuracy.

>>> from benchmarks.generate import synthetic_call
>>> call = synthetic_call(7, minutes=2)
>>> call.participants[0].role
'rep'
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.render import DIARIZED_LABELS, Participant, Transcript, Turn, make_turn, render

# Benchmark format name → (renderer, file suffix). One vendor JSON stands in for all of
# them: AssemblyAI carries per-word entries, the bulk every vendor format has.
BENCH_FORMATS: dict[str, tuple[str, str]] = {
    "vtt": ("vtt-zoom", ".vtt"),
    "srt": ("srt", ".srt"),
    "json": ("json", ".json"),
    "assemblyai": ("assemblyai", ".assemblyai.json"),
    "text": ("text", ".txt"),
}

_REPS = ("Dana Whitfield", "Marcus Reyes", "Sam Okafor", "Kelsey Moran", "Jordan Ellis")
_SECOND_REPS = ("Priya Natarajan", "Leo Fischer", "Ana Lima")
_PROSPECTS = (
    "Mark Chen",
    "Helen Park",
    "Angela Ruiz",
    "Devon Price",
    "Tom Becker",
    "Rachel Stone",
    "Erin Walsh",
    "Ben Carter",
    "Lisa Gomez",
    "Carl Jensen",
)
_OPENERS = ("", "", "", "So", "And", "Well", "Yeah,", "Okay,", "Honestly,", "I mean,", "Right,")
_SUBJECTS = (
    "we",
    "our team",
    "the finance team",
    "my manager",
    "the controllers",
    "our vendors",
    "IT",
    "procurement",
    "the board",
    "our customers",
    "the regional leads",
    "I",
)
_VERBS = (
    "need to",
    "usually",
    "still",
    "can't",
    "tried to",
    "plan to",
    "have to",
    "would like to",
    "don't",
    "never really",
)
_ACTIONS = (
    "review the invoices",
    "approve the budget",
    "close the books",
    "track the renewals",
    "migrate the data",
    "hire two more analysts",
    "update the forecast",
    "talk to legal",
    "run the pilot",
    "reconcile the accounts",
    "sign the contract",
    "check the numbers",
    "onboard the new vendors",
    "roll it out to every region",
    "chase the approvals",
    "rebuild the spreadsheet",
)
_TAILS = (
    "",
    "",
    "every month",
    "by the end of the quarter",
    "before the audit",
    "next week",
    "in January",
    "for the whole team",
    "without the spreadsheet",
    "across all the sites",
    "because nobody owns it",
)
_NOUNS = (
    "the approval step",
    "the month-end close",
    "vendor onboarding",
    "the renewal",
    "the budget request",
    "the security review",
    "the rollout",
    "invoice matching",
    "the reporting",
    "the handoff to finance",
)
_QUESTIONS = (
    "How does {} work today?",
    "What happens when {} is late?",
    "Who signs off on {}?",
    "How much time does {} take each month?",
    "What would it mean for you if {} got fixed?",
    "Why did {} stall last time?",
    "When do you need {} in place?",
    "Is {} a priority this quarter?",
)
_NUMBERS = (
    "That's about {} hours a month.",
    "It costs us roughly {} thousand dollars a quarter.",
    "We lose maybe {} percent of it.",
    "It takes {} days on average.",
)
_BACKCHANNELS = ("Right.", "Mm-hm.", "Okay.", "Got it.", "Yeah.", "Sure.", "Makes sense.")


@dataclass(frozen=True, slots=True)
class GeneratedCall:
    """One synthetic call written to disk: a file per format, and the rep(s) as each file
    names them (a diarization label such as "A" in vendor formats, else the name)."""

    seed: int
    paths: dict[str, Path]
    reps: dict[str, tuple[str, ...]]


def synthetic_call(seed: int, *, minutes: float = 60.0) -> Transcript:
    """A deterministic call of about ``minutes`` minutes with 2–4 speakers (reps first)."""
    rng = random.Random(seed)
    people = _cast(rng, seed)
    reps = [p.name for p in people if p.role == "rep"]
    prospects = [p.name for p in people if p.role == "prospect"]
    turns: list[Turn] = []
    clock = rng.uniform(0.5, 3.0)
    rep_turn = True
    while clock < minutes * 60:
        speaker = rng.choice(reps if rep_turn else prospects)
        text = _turn_text(rng, rep_turn)
        spoken = len(text.split()) * 60.0 / rng.uniform(135, 170) + 0.2
        start = clock + rng.uniform(0.2, 1.5)
        turns.append(make_turn(speaker, text, round(start, 3), round(start + spoken, 3)))
        clock = start + spoken
        rep_turn = not rep_turn
    return Transcript(
        title=f"Synthetic call {seed}",
        date=f"2026-{1 + seed % 12:02d}-{1 + seed % 28:02d}",
        turns=tuple(turns),
        participants=tuple(people),
        seed=seed,
    )


def write_calls(
    out_dir: Path,
    count: int,
    *,
    formats: Sequence[str] = tuple(BENCH_FORMATS),
    seed: int = 0,
    minutes: float = 60.0,
    pretty: bool = False,
) -> list[GeneratedCall]:
    """Write ``count`` calls (seeds ``seed``…``seed+count-1``) in each of ``formats``.

    JSON is written on one line unless ``pretty``, as APIs return it (and much faster).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    calls = []
    for call_seed in range(seed, seed + count):
        transcript = synthetic_call(call_seed, minutes=minutes)
        paths = {}
        reps = {}
        for fmt in formats:
            renderer, suffix = BENCH_FORMATS[fmt]
            path = out_dir / f"call-{call_seed:05d}{suffix}"
            path.write_text(render(transcript, renderer, pretty=pretty), encoding="utf-8")
            paths[fmt] = path
            reps[fmt] = _rep_labels(transcript, renderer)
        calls.append(GeneratedCall(call_seed, paths, reps))
    return calls


def _rep_labels(transcript: Transcript, renderer: str) -> tuple[str, ...]:
    names = [p.name for p in transcript.participants if p.role == "rep"]
    spell = DIARIZED_LABELS.get(renderer)
    if spell is None:
        return tuple(names)
    order = transcript.speaker_order()
    return tuple(spell(order.index(name)) for name in names if name in order)


def _cast(rng: random.Random, seed: int) -> list[Participant]:
    size = 2 + seed % 3  # 2, 3 or 4 speakers, evenly spread over the seeds
    people = [Participant(rng.choice(_REPS), role="rep")]
    if size == 4:
        people.append(Participant(rng.choice(_SECOND_REPS), role="rep"))
    for name in rng.sample(_PROSPECTS, size - len(people)):
        people.append(Participant(name, role="prospect"))
    return people


def _turn_text(rng: random.Random, is_rep: bool) -> str:
    roll = rng.random()
    if roll < 0.15:
        return rng.choice(_BACKCHANNELS)
    sentences = 1 if roll < 0.5 else rng.randint(2, 3) if roll < 0.85 else rng.randint(4, 8)
    parts = [_sentence(rng) for _ in range(sentences)]
    if is_rep and rng.random() < 0.4:
        parts.append(rng.choice(_QUESTIONS).format(rng.choice(_NOUNS)))
    elif not is_rep and rng.random() < 0.2:
        parts.append(rng.choice(_NUMBERS).format(rng.randint(2, 90)))
    return " ".join(parts)


def _sentence(rng: random.Random) -> str:
    words = [
        rng.choice(_OPENERS),
        rng.choice(_SUBJECTS),
        rng.choice(_VERBS),
        rng.choice(_ACTIONS),
        rng.choice(_TAILS),
    ]
    text = " ".join(w for w in words if w)
    return text[0].upper() + text[1:] + "."
