"""Tables that stay whole at any terminal width.

A rich table squeezed below its natural width cuts cells with "…". ``fitted`` folds long cells
instead, and when even the longest word of a column no longer fits it prints each row as a
block of "column: value" lines, so nothing is ever cut.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
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
        needed = Measurement.get(console, options, self.table).minimum
        if needed <= options.max_width and not self._headers_cut(options.max_width):
            yield self.table
            return
        yield from self._stacked()

    def _headers_cut(self, width: int) -> bool:
        # Each header word must fit in the column's share of the width, else it would fold
        # mid-word ("sp / ea / ker"), which reads worse than stacked rows.
        columns = self.table.columns
        share = (width - 3 * len(columns) - 1) / max(1, len(columns))
        longest = max((len(w) for c in columns for w in str(c.header).split()), default=0)
        return longest > share

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


def fitted(table: Table) -> Fitted:
    return Fitted(table)
