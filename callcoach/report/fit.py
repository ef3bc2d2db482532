"""Tables that stay whole at any terminal width.

A rich table squeezed below its natural width cuts cells with "…". ``fitted`` folds long cells
instead, and when even the longest word of a column no longer fits it prints each row as a
block of "column: value" lines, so nothing is ever cut.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text


class Fitted:
    """A table that folds, or turns into stacked records when the terminal is too narrow."""

    def __init__(self, table: Table) -> None:
        for column in table.columns:
            column.overflow = "fold"
            column.no_wrap = False
        self.table = table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Each column needs its longest word, header included: below that words would break
        # mid-word ("sp / ea / ker"), which reads worse than stacked rows.
        columns = self.table.columns
        texts = [[_plain(c) for c in (col.header, *col.cells)] for col in columns]
        least = [max((len(w) for t in col for w in t.split()), default=1) for col in texts]
        # A header may wrap onto several lines; only the cells ask for more width.
        most = [
            max(n, max((len(t) for t in col[1:]), default=1))
            for n, col in zip(least, texts, strict=True)
        ]
        edges = 3 * len(columns) + 1 if self.table.box else 2 * len(columns)
        room = options.max_width - edges  # padding (and borders)
        if sum(least) > room:
            yield from self._stacked()
            return
        if sum(most) > room:
            # rich shrinks all columns alike and would break words that fit; give each column
            # its longest word, then share the rest fairly, narrow columns satisfied first.
            spare, left = room - sum(least), len(columns)
            wants = [m - n for m, n in zip(most, least, strict=True)]
            for i in sorted(range(len(columns)), key=lambda i: wants[i]):
                give = min(wants[i], spare // left)
                columns[i].width = least[i] + give
                spare, left = spare - give, left - 1
        yield self.table

    def _stacked(self) -> RenderResult:
        table = self.table
        if table.title:
            yield Text(str(table.title), style="bold")
        headers = [str(c.header) for c in table.columns]
        cells = [list(c.cells) for c in table.columns]
        rows = max((len(c) for c in cells), default=0)
        for row in range(rows):
            yield Text("")
            for header, column in zip(headers, cells, strict=True):
                value = column[row] if row < len(column) else ""
                line = Text(f"{header}: ", style="bold")
                line.append(value if isinstance(value, Text) else Text.from_markup(str(value)))
                yield line


def _plain(cell: object) -> str:
    return cell.plain if isinstance(cell, Text) else str(cell)


def fitted(table: Table) -> Fitted:
    return Fitted(table)
