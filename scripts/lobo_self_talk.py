"""Leave-one-batch-out (LOBO) choice of the self_talk moment rules (issue 9, stop 38).

    python scripts/lobo_self_talk.py [--batches dev,open,...,open20] [--fresh open21]
                                     [--misses NAME]

The read sales calls come in batches by different writers (``lexicon_loco.READ_BATCHES``);
``--batches`` picks some (default: every read batch but ``open21``, the fresh check of
stop 42). A grid of settings (``SETTINGS``, simplest first: the 1.6 behaviour, then each
1.7 rule alone, then together; then ``long_split`` settings, measured and off as shipped) is
scored on every call; for each held-out batch the setting
with the best pooled F1 on the other batches is chosen (an earlier setting wins a tie) and
the held batch is scored with it. Prints each setting's tp/fp/fn per batch and pooled, and
the LOBO choice. ``--fresh NAME`` scores the 1.6 behaviour and the shipped one on that read
batch (aggregates only); ``--misses NAME`` prints that setting's misses and false moments
(read calls only). Roles are the gold reps.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from callcoach.detectors._patterns import Lexicon, compile_phrases
from callcoach.detectors.self_talk import SelfTalkDetector
from callcoach.eval.lexicon_loco import (
    DESIGN_BATCHES,
    READ_BATCHES,
    PreparedCall,
    _raw_lexicon,
    prepare_read_calls,
)
from callcoach.eval.moments import LabelScore, score_label
from callcoach.eval.salescalls import predicted_moments

LABEL = "self_talk"
_NEW_VETOES = ("not-recommendation", "not-plan", "not-transition")

# The 1.7 forms: a customer story told as "we had a client in …" and a customer count told
# as "over N … using it" / "we're in N hundred …" (phrases of the ``customers`` category).
_STORY = ("we (had|have|did|worked with) (a|one) ",)
_COUNT = (
    "(over|more than|nearly|almost|about|like) [\\w,-]+ ",
    "(we're|we are|now we are) (now )?in ",
)
_RESULT = ("(their|her|his) ", "(cut|reduced|halved|slashed|doubled|tripled) (their|her|his)")
_NEW_FORMS = _STORY + _COUNT + _RESULT

# name -> (params, lexicon categories or phrases (by their start) left out)
SETTINGS: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    "1.6": ({"intro_carry": False}, _NEW_VETOES + _NEW_FORMS),
    "carry": ({"intro_carry": True}, _NEW_VETOES + _NEW_FORMS),
    "recommend veto": ({"intro_carry": False}, ("not-plan", "not-transition", *_NEW_FORMS)),
    "plan veto": ({"intro_carry": False}, ("not-recommendation", "not-transition", *_NEW_FORMS)),
    "transition veto": ({"intro_carry": False}, ("not-recommendation", "not-plan", *_NEW_FORMS)),
    "3 vetoes": ({"intro_carry": False}, _NEW_FORMS),
    "carry + recommend veto": ({"intro_carry": True}, ("not-plan", "not-transition", *_NEW_FORMS)),
    "carry + recommend + transition": ({"intro_carry": True}, ("not-plan", *_NEW_FORMS)),
    "carry + 3 vetoes": ({"intro_carry": True}, _NEW_FORMS),
    "carry + 3 vetoes + story": ({"intro_carry": True}, _COUNT + _RESULT),
    "carry + 3 vetoes + count": ({"intro_carry": True}, _STORY + _RESULT),
    "carry + 3 vetoes + story + count": ({"intro_carry": True}, _RESULT),
    "1.7 (carry, 3 vetoes, story, count, result)": ({"intro_carry": True}, ()),
    "1.7 + split>=40": ({"intro_carry": True, "long_split": 40}, ()),
    "1.7 + split>=30": ({"intro_carry": True, "long_split": 30}, ()),
    "1.7 + split>=60": ({"intro_carry": True, "long_split": 60}, ()),
    "1.7 + split>=60 piece>=15": (
        {"intro_carry": True, "long_split": 60, "long_split_piece": 15},
        (),
    ),
    "1.7 + split>=60 piece>=25": (
        {"intro_carry": True, "long_split": 60, "long_split_piece": 25},
        (),
    ),
    "1.7 + split>=40 piece>=20": (
        {"intro_carry": True, "long_split": 40, "long_split_piece": 20},
        (),
    ),
}
SHIPPED = "1.7 (carry, 3 vetoes, story, count, result)"


def _lexicon(left_out: Sequence[str]) -> Lexicon:
    raw = _raw_lexicon("self_talk")
    return compile_phrases(
        "self_talk-lobo",
        {
            k: [p for p in v if not any(p.startswith(o) for o in left_out)]
            for k, v in raw.items()
            if k not in left_out
        },
    )


def score(c: PreparedCall, setting: str) -> LabelScore:
    params, left_out = SETTINGS[setting]
    lexicon = _lexicon(left_out)

    class Narrowed(SelfTalkDetector):
        def phrases(self) -> Lexicon:
            return lexicon

    found = Narrowed(**params)._moments(c.call, c.roles)
    pred = predicted_moments({LABEL: found}, c.roles, c.alignment, [LABEL])
    return score_label(LABEL, c.gold.moments, pred)


def _fmt(s: LabelScore) -> str:
    return f"{s.precision:.2f}/{s.recall:.2f}/{s.f1:.3f} ({s.tp}/{s.fp}/{s.fn})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--batches", default=",".join(DESIGN_BATCHES))
    ap.add_argument("--fresh", default="")
    ap.add_argument("--misses", default="")
    args = ap.parse_args()
    if args.fresh:
        fresh = prepare_read_calls(READ_BATCHES[args.fresh])
        for name in ("1.6", SHIPPED):
            total = LabelScore.total(LABEL, [score(c, name) for c in fresh])
            print(f"{args.fresh} {name}: {_fmt(total)}")
        return
    batches = args.batches.split(",")
    calls = {b: prepare_read_calls(READ_BATCHES[b]) for b in batches}
    table = {
        name: {b: LabelScore.total(LABEL, [score(c, name) for c in cs]) for b, cs in calls.items()}
        for name in SETTINGS
    }
    for name, by_batch in table.items():
        pooled = LabelScore.total(LABEL, list(by_batch.values()))
        cells = " ".join(f"{b}:{s.tp}/{s.fp}/{s.fn}" for b, s in by_batch.items())
        print(f"{name:32s} {_fmt(pooled)}  {cells}")
    held = []
    for b in batches:
        others = [o for o in batches if o != b]
        best = max(
            SETTINGS,
            key=lambda n: (
                round(LabelScore.total(LABEL, [table[n][o] for o in others]).f1, 9),
                -list(SETTINGS).index(n),
            ),
        )
        held.append(table[best][b])
        print(f"held {b}: {best}")
    print(f"LOBO {_fmt(LabelScore.total(LABEL, held))}")
    if args.misses:
        for cs in calls.values():
            for c in cs:
                s = score(c, args.misses)
                for m in s.misses:
                    print("FN", c.gold.id, m.turn, m.quote[:200])
                for a in s.false_alarms:
                    quote = a.source.evidence[0].quote if a.source is not None else a.quote
                    print("FP", c.gold.id, a.turn, quote[:200])


if __name__ == "__main__":
    main()
