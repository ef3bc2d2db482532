"""Run ``scripts/blind_salescalls.py`` with role-guess switches set in the same process
(issue 9, selection scorings of the sealed sets: aggregates only).

    python scripts/roles_sealed_switch.py [--lean X|off] [--lean-sellers on|off]
        [--overrule on|off] [--agree X|off] [--same-side on|off]
        [--lean-voice on|off] [--lean-stated on|off] [--witness-voice on|off]
        [--overrule-relations on|off] [--provider-answers on|off] [--addressed on|off]
        [--lean-relations N|off] [--relation-lean X|off] [--says-both on|off]
        [--addressed-four on|off] [--split-check off|refuse|place]
        [--handoff-from both|sellers|buyers] -- --sets sealed,sealed2,...

Everything after ``--`` goes to ``blind_salescalls.py`` unchanged; this script only sets
``roles.LEAN``, ``roles.LEAN_SELLERS``, ``roles.OVERRULE``, ``roles.AGREE``,
``roles.SAME_SIDE``, ``roles.LEAN_VOICE``, ``roles.LEAN_STATED``, ``roles.WITNESS_VOICE``,
``roles.OVERRULE_RELATIONS``, ``roles.PROVIDER_ANSWERS``, ``roles.ADDRESSED``,
``roles.SAYS_BOTH``, ``roles.ADDRESSED_FOUR``, ``roles.LEAN_RELATIONS``,
``roles.RELATION_LEAN``, ``roles.SPLIT_CHECK`` and ``roles.HANDOFF_FROM`` first, so a
candidate can be scored before it is the shipped default.
"""

from __future__ import annotations

import argparse
import runpy
import sys
from pathlib import Path

from callcoach import roles
from callcoach.eval.roles_switches import (
    ON_OFF,
    add_on_off,
    add_split_check,
    apply_on_off,
    apply_split_check,
)


def main() -> None:
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lean", default="off" if roles.LEAN is None else str(roles.LEAN))
    parser.add_argument("--agree", default="off" if roles.AGREE is None else str(roles.AGREE))
    add_on_off(parser, (*ON_OFF, "LEAN_SELLERS"))
    parser.add_argument(
        "--lean-relations",
        default="off" if roles.LEAN_RELATIONS is None else str(roles.LEAN_RELATIONS),
    )
    parser.add_argument(
        "--relation-lean",
        default="off" if roles.RELATION_LEAN is None else str(roles.RELATION_LEAN),
    )
    add_split_check(parser)
    args = parser.parse_args(argv[:split])
    apply_on_off(args, (*ON_OFF, "LEAN_SELLERS"))
    apply_split_check(args)
    roles.RELATION_LEAN = None if args.relation_lean == "off" else float(args.relation_lean)
    roles.LEAN_RELATIONS = None if args.lean_relations == "off" else int(args.lean_relations)
    roles.LEAN = None if args.lean == "off" else float(args.lean)
    roles.AGREE = None if args.agree == "off" else float(args.agree)
    print(
        f"roles.LEAN={roles.LEAN} roles.LEAN_SELLERS={roles.LEAN_SELLERS}"
        f" roles.OVERRULE={roles.OVERRULE} roles.AGREE={roles.AGREE}"
        f" roles.SAME_SIDE={roles.SAME_SIDE} roles.LEAN_VOICE={roles.LEAN_VOICE}"
        f" roles.LEAN_STATED={roles.LEAN_STATED}"
        f" roles.WITNESS_VOICE={roles.WITNESS_VOICE}"
        f" roles.OVERRULE_RELATIONS={roles.OVERRULE_RELATIONS}"
        f" roles.PROVIDER_ANSWERS={roles.PROVIDER_ANSWERS}"
        f" roles.ADDRESSED={roles.ADDRESSED} roles.SAYS_BOTH={roles.SAYS_BOTH}"
        f" roles.ADDRESSED_FOUR={roles.ADDRESSED_FOUR}"
        f" roles.LEAN_RELATIONS={roles.LEAN_RELATIONS}"
        f" roles.VOICE_RELATIONS={roles.VOICE_RELATIONS}"
        f" roles.RELATION_LEAN={roles.RELATION_LEAN}"
        f" roles.SPLIT_CHECK={roles.SPLIT_CHECK} roles.HANDOFF_FROM={roles.HANDOFF_FROM}"
    )
    script = Path(__file__).resolve().parent / "blind_salescalls.py"
    sys.argv = [str(script), *argv[split + 1 :]]
    runpy.run_path(str(script), run_name="__main__")


if __name__ == "__main__":
    main()
