"""The role guesser's on/off switches as command-line flags, one table for the roles scripts.

``--same-side on|off`` sets ``roles.SAME_SIDE``; the default is the shipped value, so a script
run without the flag measures what ships.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from callcoach import roles

#: The plain on/off switches of :mod:`callcoach.roles` the design and sealed scripts expose.
ON_OFF: tuple[str, ...] = (
    "OVERRULE",
    "SAME_SIDE",
    "LEAN_VOICE",
    "LEAN_STATED",
    "WITNESS_VOICE",
    "OVERRULE_RELATIONS",
    "PROVIDER_ANSWERS",
    "ADDRESSED",
    "ADDRESSED_FOUR",
    "SAYS_BOTH",
)


def _shipped(name: str) -> str:
    return "on" if getattr(roles, name) else "off"


def add_on_off(parser: argparse.ArgumentParser, names: Sequence[str] = ON_OFF) -> None:
    """One ``--name on|off`` flag per switch, defaulting to the shipped value."""
    for name in names:
        parser.add_argument(
            "--" + name.lower().replace("_", "-"),
            choices=("on", "off"),
            default=_shipped(name),
            help=f"roles.{name} (shipped: {_shipped(name)})",
        )


def apply_on_off(args: argparse.Namespace, names: Sequence[str] = ON_OFF) -> None:
    """Set each switch in :mod:`callcoach.roles` from its parsed flag."""
    for name in names:
        setattr(roles, name, getattr(args, name.lower()) == "on")


def add_split_check(parser: argparse.ArgumentParser) -> None:
    """``--split-check off|refuse|place`` for ``roles.SPLIT_CHECK`` and ``--handoff-from
    both|sellers|buyers`` for ``roles.HANDOFF_FROM`` (defaults: shipped)."""
    parser.add_argument(
        "--split-check",
        choices=("off", "refuse", "place"),
        default=roles.SPLIT_CHECK or "off",
        help=f"roles.SPLIT_CHECK (shipped: {roles.SPLIT_CHECK or 'off'})",
    )
    parser.add_argument(
        "--handoff-from",
        choices=("both", "sellers", "buyers"),
        default=roles.HANDOFF_FROM,
        help=f"roles.HANDOFF_FROM (shipped: {roles.HANDOFF_FROM})",
    )


def apply_split_check(args: argparse.Namespace) -> None:
    """Set ``roles.SPLIT_CHECK`` and ``roles.HANDOFF_FROM`` from their flags."""
    roles.SPLIT_CHECK = None if args.split_check == "off" else args.split_check
    roles.HANDOFF_FROM = args.handoff_from
