"""``callcoach eval``: score detectors on a corpus and print a table or JSON."""

from __future__ import annotations

import json
import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

from callcoach.errors import CallcoachError
from callcoach.eval.runner import evaluate, summary

__all__ = ["run_cv", "run_eval"]

_COLUMNS = ("task", "dataset", "n", "P", "R", "F1", "95% CI")
_CV_COLUMNS = ("task", "dataset", "k", "n", "CV F1 ± sd", "min–max", "optimism", "dev F1")


def run_eval(
    data: str,
    split: str = "dev",
    detector: str | None = None,
    strip_punct: bool = False,
    as_json: bool = False,
    limit: int | None = None,
    show_misses: bool = False,
    merge_turns: bool = False,
) -> int:
    """Evaluate and print the scores; returns the process exit code (0 ok, 1 error).

    JSON output is ``{task: {"precision", "recall", "f1", "ci": [lo, hi], "n", "dataset",
    "split", "strip_punct"}}``. Errors (unknown corpus, bad line, unknown detector) are
    printed as one message on stderr.
    """
    from callcoach.eval.salescalls import is_salescalls

    if is_salescalls(data):
        return _run_salescalls(data, detector, as_json, show_misses)
    try:
        results = evaluate(data, split, detector, strip_punct, limit, merge_turns)
    except CallcoachError as exc:
        Console(stderr=True).print(Text.assemble(("error: ", "bold red"), str(exc)))
        return 1
    if as_json:
        sys.stdout.write(json.dumps(results, indent=2, sort_keys=True) + "\n")
        return 0
    table = Table(title=f"{data} ({split})")
    for column in _COLUMNS:
        table.add_column(column, justify="left" if column in ("task", "dataset") else "right")
    for row in summary(results):
        table.add_row(*row)
    Console().print(table)
    return 0


def _run_salescalls(data: str, detector: str | None, as_json: bool, show_misses: bool) -> int:
    """The annotated sales calls: moments, attributes, scorecard and roles (salescalls.md)."""
    from callcoach.eval.salescalls import evaluate_salescalls
    from callcoach.eval.salescalls_report import print_salescalls

    try:
        _, results = evaluate_salescalls(data, detector)
    except CallcoachError as exc:
        Console(stderr=True).print(Text.assemble(("error: ", "bold red"), str(exc)))
        return 1
    print_salescalls(results, as_json, show_misses)
    return 0


def run_cv(
    data: str,
    k: int,
    detector: str | None = None,
    strip_punct: bool = False,
    as_json: bool = False,
    limit: int | None = None,
    merge_turns: bool = False,
) -> int:
    """Cross-validate (k folds over train+dev conversations) and print; exit code as
    ``run_eval``. JSON output is ``cross_validate``'s dictionary per task."""
    from callcoach.eval.crossval import cross_validate, cv_summary

    try:
        results = cross_validate(data, k, detector, strip_punct, limit, merge_turns=merge_turns)
    except CallcoachError as exc:
        Console(stderr=True).print(Text.assemble(("error: ", "bold red"), str(exc)))
        return 1
    if as_json:
        sys.stdout.write(json.dumps(results, indent=2, sort_keys=True, default=str) + "\n")
        return 0
    sampled = f", {limit} conversations sampled" if limit is not None else ""
    table = Table(title=f"{data} ({k}-fold cross-validation on train+dev{sampled})")
    for column in _CV_COLUMNS:
        table.add_column(column, justify="left" if column in ("task", "dataset") else "right")
    for row in cv_summary(results):
        table.add_row(*row)
    Console().print(table)
    return 0
