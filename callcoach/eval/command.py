"""``callcoach eval``: score detectors on a corpus and print a table or JSON."""

from __future__ import annotations

import json
import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

from callcoach.errors import CallcoachError
from callcoach.eval.runner import evaluate, summary

__all__ = ["run_eval"]

_COLUMNS = ("task", "dataset", "n", "P", "R", "F1", "95% CI")


def run_eval(
    data: str,
    split: str = "dev",
    detector: str | None = None,
    strip_punct: bool = False,
    as_json: bool = False,
    limit: int | None = None,
) -> int:
    """Evaluate and print the scores; returns the process exit code (0 ok, 1 error).

    JSON output is ``{task: {"precision", "recall", "f1", "ci": [lo, hi], "n", "dataset",
    "split", "strip_punct"}}``. Errors (unknown corpus, bad line, unknown detector) are
    printed as one message on stderr.
    """
    try:
        results = evaluate(data, split, detector, strip_punct, limit)
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
    from callcoach.report.fit import fitted

    Console().print(fitted(table))  # folds (or stacks) at any width, never cuts
    return 0
