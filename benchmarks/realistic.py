"""Realistic 1-hour sales calls for timing: varied sentences, phases, several speakers.

``benchmarks/generate.py`` builds every sentence from one template ("<opener> <subject>
<verb> <action> <tail>."), so its calls repeat a few hundred distinct sentences and the
detectors embed far fewer texts than on a real call. This generator composes each
sentence from many independent parts (clauses, reasons, numbers, hedges, asides), moves
through the phases of a discovery call (rapport, agenda, discovery, pain and numbers,
demo, objections, pricing, next steps) and varies turn length the way people talk:
many backchannels and short answers, a body of medium turns, some long monologues.

All text is invented for this benchmark (no evaluation data). Deterministic: the same
``seed`` always gives the same call. A 60-minute call has about 9,000 words in 400–800
speaker turns.

>>> from benchmarks.realistic import realistic_call
>>> call = realistic_call(3, minutes=5)
>>> len(call.turns) > 20
True
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from benchmarks.render import Participant, Transcript, Turn, make_turn, render

__all__ = ["realistic_call", "write_realistic_calls"]

_REPS = ("Nadia Brooks", "Owen Castillo", "Greta Lindqvist", "Tariq Hassan", "Maya Oduya")
_PROSPECTS = (
    "Felix Moreau",
    "Joanna Pike",
    "Ravi Menon",
    "Claire Dubois",
    "Hank Sorensen",
    "Ines Carvalho",
    "Wendell Park",
    "Yuki Tanaka",
    "Bianca Ortiz",
)
_COMPANIES = ("Harbor Freight Lines", "Coldwater Foods", "Petrel Health", "Ironbark Tools")
_TEAMS = (
    "accounts payable",
    "the warehouse crew",
    "our dispatch team",
    "the billing desk",
    "regional sales",
    "the compliance group",
    "customer support",
    "the planning team",
    "our field technicians",
    "the treasury folks",
    "procurement",
    "the controllers",
)
_THINGS = (
    "purchase orders",
    "carrier invoices",
    "shift schedules",
    "credit memos",
    "service tickets",
    "vendor contracts",
    "expense reports",
    "delivery exceptions",
    "inventory counts",
    "quote approvals",
    "customer refunds",
    "freight claims",
    "safety audits",
    "renewal notices",
)
_TOOLS = (
    "a shared spreadsheet",
    "the old ERP",
    "email threads",
    "a homegrown Access database",
    "sticky notes on a whiteboard",
    "three different portals",
    "a ticketing system nobody likes",
    "paper forms we scan later",
)
_VERBS_PAST = (
    "rebuilt",
    "migrated",
    "audited",
    "outsourced",
    "automated",
    "split up",
    "centralised",
    "renegotiated",
)
_FEELINGS = (
    "frustrating",
    "a real headache",
    "honestly exhausting",
    "kind of embarrassing",
    "risky",
    "slow",
    "messy",
    "fine most weeks",
)
_TIMES = (
    "every Monday",
    "at quarter end",
    "during peak season",
    "twice a month",
    "whenever someone is out sick",
    "around the holidays",
    "before each board meeting",
    "on the first of the month",
)
_HEDGES = ("", "", "", "I think ", "probably ", "honestly ", "to be fair ", "I'd say ")
_FILLERS = ("", "", "", "", "So ", "Yeah, ", "Well, ", "Okay, ", "Um, ", "And ", "Right, ")
_BACKCHANNELS = (
    "Mm-hm.",
    "Right.",
    "Yeah.",
    "Okay.",
    "Sure.",
    "Got it.",
    "Interesting.",
    "Oh wow.",
    "Uh-huh.",
    "Makes sense.",
    "Totally.",
    "Yep, yep.",
    "No, that's fair.",
    "Sorry, go ahead.",
    "Ha, right.",
)
_SHORT_ANSWERS = (
    "Not really.",
    "Yes, mostly.",
    "About two years ago.",
    "It depends on the week.",
    "That would be me.",
    "Probably the CFO.",
    "We tried, once.",
    "Good question.",
    "I'm not sure, honestly.",
    "Three people, maybe four.",
    "No, it's all manual.",
    "Sometimes, yeah.",
)


_T = TypeVar("_T")


def _pick(rng: random.Random, options: Sequence[_T]) -> _T:
    return options[rng.randrange(len(options))]


def _number(rng: random.Random) -> str:
    kind = rng.randrange(5)
    if kind == 0:
        return f"{rng.randint(2, 40)} hours a week"
    if kind == 1:
        return f"about {rng.randint(3, 95)} thousand dollars a year"
    if kind == 2:
        return f"{rng.randint(2, 30)} percent of the volume"
    if kind == 3:
        return f"{rng.randint(2, 15)} days per cycle"
    return f"{rng.randint(2, 60)} people"


def _rapport(rng: random.Random) -> str:
    return _pick(rng, (
        f"How was your {_pick(rng, ('weekend', 'trip', 'Monday', 'morning'))}?",
        f"Did you get any of that {_pick(rng, ('snow', 'rain', 'sunshine', 'heat'))} up there?",
        f"My kids have {_pick(rng, ('soccer', 'swim meets', 'band practice'))} all weekend, "
        "so I'm running on coffee.",
        f"We just got back from {_pick(rng, ('Lisbon', 'the lake', 'my in-laws', 'a wedding'))}, "
        "still catching up on email.",
        f"Are you following the {_pick(rng, ('playoffs', 'tournament', 'race'))} at all?",
        "Thanks for making the time, I know the end of the month is busy.",
        "Can you hear me okay? My headset has been acting up.",
    ))  # fmt: skip


def _rep_question(rng: random.Random) -> str:
    thing, team = _pick(rng, _THINGS), _pick(rng, _TEAMS)
    return _pick(rng, (
        f"How do {thing} move from {team} to approval today?",
        f"Walk me through what happens when {thing} come in late.",
        f"Who on {team} owns that step?",
        f"What does that cost you, roughly, {_pick(rng, _TIMES)}?",
        f"If you could fix one thing about {thing}, what would it be?",
        f"Why hasn't {team} changed that process yet?",
        f"What have you tried so far with {thing}?",
        "How are you measuring that today, if at all?",
        f"When would you need something in place for {team}?",
        "Who else would weigh in on a decision like this?",
        f"Is {thing} the bigger problem, or is it the handoffs?",
        f"What happens downstream when {team} gets behind?",
        f"Do you have a budget set aside for this, or would it come out of {team}?",
        f"How many {thing} are we talking about in a typical month?",
    ))  # fmt: skip


def _pain(rng: random.Random) -> str:
    thing, team, tool = _pick(rng, _THINGS), _pick(rng, _TEAMS), _pick(rng, _TOOLS)
    hedge = _pick(rng, _HEDGES)
    return _pick(rng, (
        f"Right now {team} tracks {thing} in {tool}, and it's {_pick(rng, _FEELINGS)}.",
        f"We lose {hedge}{_number(rng)} chasing {thing} {_pick(rng, _TIMES)}.",
        f"The biggest problem is that nobody sees {thing} until it's already late.",
        f"We need a way to stop re-keying {thing} into {tool}.",
        f"Last quarter we {_pick(rng, _VERBS_PAST)} the whole {thing} process and it "
        f"{_pick(rng, ('helped a bit', 'made it worse', 'lasted a month', 'never stuck'))}.",
        f"{team.capitalize()} spends {hedge}{_number(rng)} just reconciling {thing}.",
        f"What really hurts is when {thing} slip and {team} hears about it from a customer.",
        f"Our auditors flagged {thing} {_pick(rng, ('twice', 'last year', 'again'))}, so "
        "it's on the CFO's radar now.",
        f"It's mostly {tool}, plus a lot of people asking each other on chat.",
        f"We're growing about {rng.randint(8, 45)} percent a year and {team} can't keep up.",
        f"I'd love to get {team} out of the business of copying {thing} around.",
        f"When someone is out, {thing} just sit there, and that's {_pick(rng, _FEELINGS)}.",
    ))  # fmt: skip


def _pitch(rng: random.Random) -> str:
    thing, team = _pick(rng, _THINGS), _pick(rng, _TEAMS)
    return _pick(rng, (
        f"What we usually see is that {thing} route themselves once the rules are set up.",
        f"I'd recommend starting with {team}, since that's where the delay builds up.",
        f"The dashboard shows every open item for {team} with its age, so nothing hides.",
        f"Our customers in {_pick(rng, ('logistics', 'food service', 'healthcare'))} cut "
        f"that by about {rng.randint(20, 70)} percent in the first quarter.",
        "You can set approval limits per person, and anything above goes to a manager.",
        f"It plugs into {_pick(rng, _TOOLS)} through an import, so nobody has to re-key.",
        f"We'd suggest a pilot with one team for {rng.randint(4, 8)} weeks before rolling out.",
        f"Let me share my screen and show you how a {thing[:-1]} flows through.",
        "Here you can see the exceptions queue, sorted by how late each one is.",
        f"Reporting is built in, so {team} gets a weekly summary without asking.",
    ))  # fmt: skip


def _objection(rng: random.Random) -> str:
    return _pick(rng, (
        "Honestly, the price is going to be the hard part for us this year.",
        "We looked at something similar and the rollout took forever.",
        "I'd need to run this by our IT director before we go further.",
        "Let me think about it and get back to you after the budget review.",
        f"My worry is that {_pick(rng, _TEAMS)} won't actually use it.",
        "We're locked into a contract with our current vendor until next spring.",
        "Send me some material and I'll take a look when things calm down.",
        "How is this different from what our ERP already promises?",
    ))  # fmt: skip


def _summary(rng: random.Random) -> str:
    thing, team = _pick(rng, _THINGS), _pick(rng, _TEAMS)
    return _pick(rng, (
        f"Let me play back what I heard: {thing} stall with {team}, it costs you "
        f"{_number(rng)}, and the auditors are watching.",
        f"So what I'm hearing is that the handoff to {team} is where things break.",
        f"It sounds like {thing} are less the problem than knowing who owns them.",
        f"Just to confirm, {team} re-keys {thing} by hand {_pick(rng, _TIMES)}?",
        f"So your team waits on approvals, and that pushes {thing} past the deadline.",
    ))  # fmt: skip


def _next_step(rng: random.Random) -> str:
    day = _pick(rng, ("Tuesday", "Wednesday", "Thursday", "next Friday", "the 14th"))
    return _pick(rng, (
        f"Can we get thirty minutes with your IT director on {day}?",
        f"I'll send a recap and a pilot plan by {day}.",
        f"Would {day} at ten work to walk {_pick(rng, _TEAMS)} through it?",
        "Next step on our side is a short security questionnaire; I'll send it today.",
        f"I'll put a calendar hold for {day} and include the controller.",
    ))  # fmt: skip


def _aside(rng: random.Random) -> str:
    return _pick(rng, (
        "Sorry, someone just walked in.",
        "Let me pull that up real quick.",
        "I'm taking notes, keep going.",
        "Bear with me one second.",
        "That's a good point, actually.",
        "I hadn't thought about it that way.",
        f"We had a similar thing at {_pick(rng, _COMPANIES)} before I joined.",
        "Does that make sense so far?",
    ))  # fmt: skip


_Maker = Callable[[random.Random], str]
# (share of the call, what the rep says, what the prospect says)
_PHASES: tuple[tuple[float, tuple[_Maker, ...], tuple[_Maker, ...]], ...] = (
    (0.06, (_rapport, _aside), (_rapport, _aside)),
    (0.34, (_rep_question, _rep_question, _aside, _summary), (_pain, _pain, _aside)),
    (0.25, (_pitch, _pitch, _rep_question, _aside), (_pain, _objection, _aside)),
    (0.20, (_pitch, _summary, _rep_question), (_objection, _pain, _aside)),
    (0.15, (_next_step, _summary, _pitch), (_objection, _next_step, _aside)),
)


def _turn_text(rng: random.Random, phase: int, is_rep: bool) -> str:
    roll = rng.random()
    if roll < 0.28:
        return _pick(rng, _BACKCHANNELS)
    if roll < 0.38:
        return _pick(rng, _SHORT_ANSWERS)
    _, rep_makers, prospect_makers = _PHASES[phase]
    makers = rep_makers if is_rep else prospect_makers
    count = 1 if roll < 0.62 else rng.randint(2, 3) if roll < 0.9 else rng.randint(4, 8)
    parts = []
    for _ in range(count):
        sentence = _pick(rng, makers)(rng)
        filler = _pick(rng, _FILLERS)
        parts.append(filler + sentence[0].lower() + sentence[1:] if filler else sentence)
    return " ".join(parts)


def _cast(rng: random.Random, seed: int) -> list[Participant]:
    size = 2 + seed % 4  # 2 to 5 speakers
    people = [Participant(_pick(rng, _REPS), role="rep")]
    if size >= 4:
        people.append(
            Participant(_pick(rng, [r for r in _REPS if r != people[0].name]), role="rep")
        )
    for name in rng.sample(_PROSPECTS, size - len(people)):
        people.append(Participant(name, role="prospect"))
    return people


def realistic_call(seed: int, *, minutes: float = 60.0) -> Transcript:
    """A deterministic call of about ``minutes`` minutes (≈150 words a minute)."""
    rng = random.Random(f"realistic-{seed}")
    people = _cast(rng, seed)
    reps = [p.name for p in people if p.role == "rep"]
    prospects = [p.name for p in people if p.role == "prospect"]
    total = minutes * 60.0
    bounds = []
    acc = 0.0
    for share, *_ in _PHASES:
        acc += share
        bounds.append(acc * total)
    turns: list[Turn] = []
    clock = rng.uniform(0.5, 3.0)
    rep_turn = True
    while clock < total:
        phase = next(i for i, b in enumerate(bounds) if clock < b or i == len(bounds) - 1)
        # The main rep and the main prospect speak most; others chime in.
        pool = reps if rep_turn else prospects
        speaker = pool[0] if rng.random() < 0.75 else _pick(rng, pool)
        text = _turn_text(rng, phase, rep_turn)
        spoken = len(text.split()) * 60.0 / rng.uniform(145, 175) + 0.15
        start = clock + rng.uniform(0.0, 0.5)
        turns.append(make_turn(speaker, text, round(start, 3), round(start + spoken, 3)))
        clock = start + spoken
        rep_turn = not rep_turn if rng.random() < 0.9 else rep_turn
    return Transcript(
        title=f"Realistic call {seed}",
        date=f"2026-{1 + seed % 12:02d}-{1 + seed % 28:02d}",
        turns=tuple(turns),
        participants=tuple(people),
        seed=seed,
    )


def write_realistic_calls(
    out_dir: Path, count: int, *, seed: int = 0, minutes: float = 60.0, renderer: str = "vtt-zoom"
) -> list[tuple[Path, tuple[str, ...]]]:
    """Write ``count`` calls as WebVTT; (path, rep names) for each."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for call_seed in range(seed, seed + count):
        transcript = realistic_call(call_seed, minutes=minutes)
        path = out_dir / f"realistic-{call_seed:05d}-{round(minutes)}min.vtt"
        path.write_text(render(transcript, renderer), encoding="utf-8")
        reps = tuple(p.name for p in transcript.participants if p.role == "rep")
        written.append((path, reps))
    return written
