"""The role guess on the read calls under harder conditions, leave one batch out (issue 9).

    python scripts/lobo_roles_stress.py [--folds dev,open,...] [--transforms none,generic,asr,half]
        [--per-call] [--json OUT] [--agree X,...] [--lean X,...] [--overrule]
        [--same-side off,on] [--lean-voice] [--witness-voice off,on]
        [--overrule-relations] [--lean-stated] [--provider-answers on|off]
        [--addressed on|off] [--voice-relations N|off] [--score BATCHES]
        [--hint-relations N|off] [--hint-place sure|split] [--lean-relations N|off]
        [--relation-lean X|off] [--says-both on|off] [--addressed-four on|off]

The read calls are almost all right leave one batch out (the rules were written on them),
while fresh writers still get a wrong guess in one call of eight. To see *which path* errs
and how strong its evidence was, each read call is also scored in forms a fresh call may
take, with the gold sides carried along:

- ``generic``: diarization labels (``SPEAKER_00`` …) instead of names, no participant list,
  so no name links, no introductions by name;
- ``asr``: lower case, no punctuation (ASR text);
- ``half``: only the first half of the utterances (a call cut short, a partial export);
- combinations joined by ``+`` (``generic+asr``).

The structure model of each held-out batch is fitted on the *other* trainable batches of
``--folds`` (``roles_structure.fit``, C 3, the shipped margin), as in
``lobo_roles_structure.py --integrated both``. For each call it prints the outcome, which path
decided (the rules, the sides, the voices, the structure model, the relations) and each
speaker's log-odds in the held-out model, so a refusal threshold (``roles.AGREE``) can be
chosen leave one batch out (``--agree``); ``--witness`` sets ``roles.WITNESS``; ``--lean``
runs each ``roles.LEAN`` value (the side an unsure speaker leans to, path ``lean``) and
``--overrule`` switches ``roles.OVERRULE`` on (path ``overrule``); ``--same-side off,on`` runs
``roles.SAME_SIDE`` (a question to one's own colleague is no question across the table);
``--lean-stated`` switches ``roles.LEAN_STATED`` on (a lean needs every seller of its split to
say something only a seller says); ``--provider-answers`` sets ``roles.PROVIDER_ANSWERS`` (an
answer to a sure buyer that says what the speaker's side provides counts two relation votes);
``--addressed`` sets ``roles.ADDRESSED`` (a sure speaker's "thanks both" on a call of three, or
greeting by name near the start, addresses the other side); ``--says-both`` sets
``roles.SAYS_BOTH`` (an unplaced speaker's own "thanks both" addresses the two others who share
a side); ``--addressed-four`` sets ``roles.ADDRESSED_FOUR`` (a seller's "thanks both" beside
one placed colleague on a call of four puts the two others with the buyers);
``--voice-relations`` sets ``roles.VOICE_RELATIONS`` (the voices decide only when the relations
place nobody across their split); ``--hint-relations`` and ``--hint-place`` set
``roles.HINT_RELATIONS`` and ``roles.HINT_PLACE`` (which sure sellers a refusal's ``--rep``
hint names; each refusal's line ``hints`` counts the hints naming a buyer, a gold seller, only
gold sellers, or nobody); ``--lean-relations`` sets ``roles.LEAN_RELATIONS`` (a lean stands
only when the relations place nobody across its split); ``--relation-lean`` sets
``roles.RELATION_LEAN`` (one relation vote places a close speaker the dialogue leans the same
way by that much). ``--score`` scores only some of the folds (the others still train the
structure models). Each form's line of ``kinds`` says what kind each error was
(``outcome_kind``): a wrong guess that took a buyer, left out the seller who runs the call
(``lead_seller``: the gold seller with the most words) or missed a second seller, and whom a
refusal's hint (the speakers the model is sure are sellers) names.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import shlex
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from callcoach import roles
from callcoach.errors import RoleError
from callcoach.eval.lexicon_loco import DESIGN_BATCHES
from callcoach.eval.moment_rows import TRAINABLE
from callcoach.eval.roles_structure import StructCall, call_values, fit, load_calls
from callcoach.eval.roles_switches import (
    add_on_off,
    add_split_check,
    apply_on_off,
    apply_split_check,
)
from callcoach.eval.salescalls import GoldCall, _same_speaker, lead_seller, wrong_kind
from callcoach.model import Call, RoleAssignment
from callcoach.nlp import embeddings as _embeddings
from callcoach.nlp.embedding_cache import CachedEmbedder
from callcoach.roles import STRUCTURE_EXTRA, STRUCTURE_FEATURES

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "reports" / "roles_vectors.sqlite"
DESIGN = ",".join(DESIGN_BATCHES)  # every read batch but the fresh check
#: The switches this script takes as plain on/off flags (the others run comma-separated lists).
PLAIN = ("PROVIDER_ANSWERS", "ADDRESSED", "ADDRESSED_FOUR", "SAYS_BOTH")
_PUNCT = re.compile(r"[^\w\s']")
_FLAGS = re.compile(r"run again with (.*?) \(add --rep")


def hinted(call: Call) -> list[str]:
    """The speakers a refusal's message suggests as ``--rep`` flags ([] when it suggests
    nobody: the fallback's example name is only the form of the flag)."""
    try:
        roles.resolve_roles(call)
    except RoleError as error:
        found = _FLAGS.search(str(error))
        if found is None:
            return []
        words = shlex.split(found.group(1))
        return [w for i, w in enumerate(words) if i % 2 == 1]
    return []


def transform(call: Call, gold: GoldCall, how: str) -> tuple[Call, GoldCall]:
    """``call`` and its gold sides in the form ``how`` (parts joined by ``+``)."""
    for part in how.split("+"):
        if part == "none":
            continue
        if part == "generic":
            order = list(dict.fromkeys(u.speaker for u in call.utterances if u.speaker))
            label = {s: f"SPEAKER_{i:02d}" for i, s in enumerate(order)}

            def mapped(names: Sequence[str], _label: dict[str, str] = label) -> tuple[str, ...]:
                return tuple(_label[s] for n in names for s in _label if _same_speaker(s, n))

            call = dataclasses.replace(
                call,
                utterances=tuple(
                    dataclasses.replace(u, speaker=label.get(u.speaker or "", u.speaker))
                    for u in call.utterances
                ),
                speakers=(),
                metadata={},
            )
            gold = dataclasses.replace(
                gold, reps=mapped(gold.reps), prospects=mapped(gold.prospects)
            )
        elif part == "asr":
            call = dataclasses.replace(
                call,
                utterances=tuple(
                    dataclasses.replace(
                        u, text=" ".join(_PUNCT.sub(" ", u.text).lower().split()) or "uh"
                    )
                    for u in call.utterances
                ),
            )
        elif part == "half":
            keep = max(10, len(call.utterances) // 2)
            call = dataclasses.replace(call, utterances=call.utterances[:keep])
        else:
            raise SystemExit(f"unknown transform {part!r}")
    return call, gold


def outcome_kind(
    outcome: str, reps: Sequence[str], gold: GoldCall, lead: str | None, sure: Sequence[str]
) -> str:
    """What kind of wrong guess or refusal: a wrong guess took a ``buyer`` as the rep, left
    the ``lead`` seller out (a specialist taken for the rep), or missed a ``second seller``;
    a refusal's hint (the speakers the structure model is sure are sellers, ``sure``) names
    the lead (``hint lead``), only another seller, a buyer, or nobody."""
    if outcome == "right":
        return "-"
    if outcome == "wrong":
        return wrong_kind(reps, gold, lead)
    if any(_same_speaker(s, p) for s in sure for p in gold.prospects):
        return "hint buyer"
    if lead is not None and any(_same_speaker(s, lead) for s in sure):
        return "hint lead"
    return "hint other seller" if sure else "hint nobody"


def path_of(assignment: RoleAssignment) -> str:
    """Which part of the role guess made the decision (or refused), from its reasons."""
    text = " | ".join(assignment.reasons)
    if not assignment.available:
        return "refused"
    if "the dialogue structure decides" in text:
        if "the dialogue is sure of the seller side" in text:
            return "overrule"
        if "placed by the side they lean to" in text:
            return "lean"
        return "relations" if "placed by who answers" in text else "structure"
    if "the sides decide" in text:
        return "sides"
    if "the voices decide" in text:
        return "voices"
    if "the lead seller's side decides" in text:
        return "lead"
    return "rules"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", default=DESIGN)
    parser.add_argument(
        "--score", help="score only these batches of --folds (default: every fold), comma-separated"
    )
    parser.add_argument("--transforms", default="none,generic,asr,half,generic+asr")
    parser.add_argument("--c", type=float, default=3.0)
    parser.add_argument("--per-call", action="store_true")
    parser.add_argument(
        "--agree", default="off", help="roles.AGREE values to run, comma-separated (off: None)"
    )
    parser.add_argument("--json", help="write every call's outcome and evidence here")
    parser.add_argument("--witness", default=roles.WITNESS, choices=("phrases", "statements"))
    parser.add_argument(
        "--lean",
        default="off" if roles.LEAN is None else str(roles.LEAN),
        help=f"roles.LEAN values to run, comma-separated (off: None; shipped {roles.LEAN})",
    )
    parser.add_argument(
        "--overrule", action="store_true", help=f"roles.OVERRULE on (shipped {roles.OVERRULE})"
    )
    parser.add_argument(
        "--lean-sellers", action="store_true", help="roles.LEAN_SELLERS on (shipped off)"
    )
    parser.add_argument(
        "--same-side",
        default="on" if roles.SAME_SIDE else "off",
        help=f"roles.SAME_SIDE runs, comma-separated on/off (shipped {roles.SAME_SIDE})",
    )
    parser.add_argument(
        "--lean-voice", action="store_true", help="roles.LEAN_VOICE on (shipped off)"
    )
    parser.add_argument(
        "--witness-voice",
        default="on" if roles.WITNESS_VOICE else "off",
        help=f"roles.WITNESS_VOICE runs, comma-separated on/off (shipped {roles.WITNESS_VOICE})",
    )
    parser.add_argument(
        "--lean-stated", action="store_true", help="roles.LEAN_STATED on (shipped off)"
    )
    parser.add_argument(
        "--overrule-relations",
        action="store_true",
        help="roles.OVERRULE_RELATIONS on (shipped off)",
    )
    add_on_off(parser, PLAIN)
    parser.add_argument(
        "--hint-relations",
        default="off" if roles.HINT_RELATIONS is None else str(roles.HINT_RELATIONS),
        help=f"roles.HINT_RELATIONS: votes, or off (shipped {roles.HINT_RELATIONS})",
    )
    parser.add_argument("--hint-place", default=roles.HINT_PLACE, choices=("split", "sure"))
    parser.add_argument(
        "--voice-relations",
        default="off" if roles.VOICE_RELATIONS is None else str(roles.VOICE_RELATIONS),
        help=f"roles.VOICE_RELATIONS: votes, or off (shipped {roles.VOICE_RELATIONS})",
    )
    parser.add_argument(
        "--lean-relations",
        default="off" if roles.LEAN_RELATIONS is None else str(roles.LEAN_RELATIONS),
        help=f"roles.LEAN_RELATIONS: votes, or off (shipped {roles.LEAN_RELATIONS})",
    )
    parser.add_argument(
        "--relation-lean",
        default="off" if roles.RELATION_LEAN is None else str(roles.RELATION_LEAN),
        help=f"roles.RELATION_LEAN: log-odds, or off (shipped {roles.RELATION_LEAN})",
    )
    add_split_check(parser)
    args = parser.parse_args(argv)
    apply_on_off(args, PLAIN)
    apply_split_check(args)
    roles.RELATION_LEAN = None if args.relation_lean == "off" else float(args.relation_lean)
    roles.LEAN_RELATIONS = None if args.lean_relations == "off" else int(args.lean_relations)
    roles.HINT_RELATIONS = None if args.hint_relations == "off" else int(args.hint_relations)
    roles.HINT_PLACE = args.hint_place
    roles.VOICE_RELATIONS = None if args.voice_relations == "off" else int(args.voice_relations)
    roles.OVERRULE_RELATIONS = args.overrule_relations or roles.OVERRULE_RELATIONS
    roles.LEAN_VOICE = args.lean_voice or roles.LEAN_VOICE
    roles.LEAN_STATED = args.lean_stated or roles.LEAN_STATED
    roles.WITNESS = args.witness
    roles.LEAN_SELLERS = args.lean_sellers or roles.LEAN_SELLERS
    roles.OVERRULE = args.overrule or roles.OVERRULE
    folds = args.folds.split(",")
    embedder = CachedEmbedder.minilm(CACHE)
    _embeddings.default_embedder = lambda: embedder  # type: ignore[assignment]
    calls = load_calls(folds)
    shipped = roles.load_structure_model()
    models = {}
    for fold in folds:
        train = [c for c in calls if c.batch != fold and c.batch in TRAINABLE]
        models[fold] = fit(train, STRUCTURE_FEATURES + STRUCTURE_EXTRA, args.c, shipped.margin)
    if args.score:
        scored = set(args.score.split(","))
        calls = [c for c in calls if c.batch in scored]
    rows: list[dict[str, object]] = []
    for same in args.same_side.split(","):
        roles.SAME_SIDE = same == "on"
        for lean in args.lean.split(","):
            roles.LEAN = None if lean == "off" else float(lean)
            for agree in args.agree.split(","):
                roles.AGREE = None if agree == "off" else float(agree)
                for wv in args.witness_voice.split(","):
                    roles.WITNESS_VOICE = wv == "on"
                    print(
                        f"AGREE {agree} LEAN {lean} SAME_SIDE {same} WITNESS_VOICE {wv}"
                        f" LEAN_VOICE {roles.LEAN_VOICE} LEAN_STATED {roles.LEAN_STATED}"
                        f" OVERRULE_RELATIONS {roles.OVERRULE_RELATIONS}"
                        f" PROVIDER_ANSWERS {roles.PROVIDER_ANSWERS}"
                        f" ADDRESSED {roles.ADDRESSED} SAYS_BOTH {roles.SAYS_BOTH}"
                        f" ADDRESSED_FOUR {roles.ADDRESSED_FOUR}"
                        f" VOICE_RELATIONS {roles.VOICE_RELATIONS}"
                        f" HINT_RELATIONS {roles.HINT_RELATIONS} HINT_PLACE {roles.HINT_PLACE}"
                        f" LEAN_RELATIONS {roles.LEAN_RELATIONS} SPLIT_CHECK {roles.SPLIT_CHECK}"
                        f" HANDOFF_FROM {roles.HANDOFF_FROM}"
                    )
                    run(calls, models, args, rows, agree, lean, same, wv)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


def run(
    calls: Sequence[StructCall],
    models: dict[str, roles.StructureModel],
    args: argparse.Namespace,
    rows: list[dict[str, object]],
    agree: str,
    lean: str = "off",
    same: str = "off",
    witness_voice: str = "off",
) -> None:
    for how in args.transforms.split(","):
        counts: Counter[str] = Counter()
        by_path: dict[str, Counter[str]] = {}
        for item in calls:
            row = score(item, how, models[item.batch], counts, by_path, args.per_call)
            rows.append(
                {
                    **row,
                    "agree": agree,
                    "lean": lean,
                    "same_side": same,
                    "witness_voice": witness_voice,
                }
            )
        print(
            f"{'':14} hints: refusals {counts['refused']}, naming a buyer {counts['hint+buyer']},"
            f" naming a seller {counts['hint+seller']}, only sellers {counts['hint clean']},"
            f" nobody {counts['hint none']}"
        )
        kinds = sorted(k for k in counts if ":" in k or k.startswith("two sellers"))
        print(f"{'':14} kinds: " + ", ".join(f"{k} {counts[k]}" for k in kinds))
        print(
            f"{how:14} {counts['right']}/{counts['refused']}/{counts['wrong']}"
            f" ({counts['buyer']})  by path: "
            + ", ".join(
                f"{p} {c['right']}/{c['refused']}/{c['wrong']}" for p, c in sorted(by_path.items())
            )
        )


def score(
    item: StructCall,
    how: str,
    model: roles.StructureModel,
    counts: Counter[str],
    by_path: dict[str, Counter[str]],
    per_call: bool,
) -> dict[str, object]:
    call, gold = transform(item.call, item.gold, how)
    setattr(roles, "load_structure_model", lambda _m=model: _m)  # noqa: B010
    assignment = roles.resolve_roles(call, required=False)
    reps = assignment.reps if assignment.available else ()
    if not assignment.available:
        outcome = "refused"
    elif len(reps) == len(gold.reps) and all(
        any(_same_speaker(r, g) for r in reps) for g in gold.reps
    ):
        outcome = "right"
    else:
        outcome = "wrong"
    buyer = any(_same_speaker(r, p) for r in reps for p in gold.prospects)
    path = path_of(assignment)
    counts[outcome] += 1
    counts["buyer"] += buyer
    by_path.setdefault(path, Counter())[outcome] += 1
    speakers = list(dict.fromkeys(u.speaker for u in call.utterances if u.speaker))
    logits = model.logits(call_values(call, speakers))
    gold_side = {s: any(_same_speaker(s, g) for g in gold.reps) for s in speakers}
    lead = lead_seller(call, gold)
    kind = outcome_kind(
        outcome, reps, gold, lead, [s for s in speakers if logits[s] >= model.margin]
    )
    counts[f"{outcome}: {kind}"] += 1
    if len(gold.reps) > 1:
        counts[f"two sellers {outcome}"] += 1
    evidence: dict[str, object] = {
        "kind": kind,
        "confidence": assignment.confidence,
        "logits": {f"{s}{'*' if gold_side[s] else ''}": round(v, 2) for s, v in logits.items()},
    }
    if assignment.available:
        sellers = [logits[s] for s in speakers if assignment.roles[s] == "rep"]
        buyers = [logits[s] for s in speakers if assignment.roles[s] != "rep"]
        evidence["gap"] = round(min(sellers) - max(buyers), 2)
        evidence["weakest"] = round(min(min(sellers), -max(buyers)), 2)
    if outcome == "refused":
        hint = hinted(call)
        on_buyer = any(_same_speaker(h, p) for h in hint for p in gold.prospects)
        on_seller = [h for h in hint if any(_same_speaker(h, g) for g in gold.reps)]
        counts["hint+buyer"] += on_buyer
        counts["hint+seller"] += bool(on_seller)
        counts["hint clean"] += bool(hint) and len(on_seller) == len(hint)
        counts["hint none"] += not hint
        evidence["hint"] = [f"{h}{'*' if h in on_seller else ''}" for h in hint]
    if per_call:
        print(
            f"  {how:12} {item.batch:6} {gold.id[:28]:28} {outcome:7} {path:9}"
            f"{' BUYER' if buyer else ''} {json.dumps(evidence)[:200]}"
        )
    return {
        "how": how,
        "batch": item.batch,
        "call": gold.id,
        "outcome": outcome,
        "buyer": buyer,
        "path": path,
        "evidence": evidence,
    }


if __name__ == "__main__":
    sys.exit(main())
