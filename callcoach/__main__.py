"""``python -m callcoach`` and the ``callcoach`` console script run the command line."""

from __future__ import annotations


def run() -> None:
    """The command line, its imports with the collector off, then frozen (app/heap.py).

    The console script names this function (pyproject.toml), not ``callcoach.cli:main``: a
    script naming ``main`` imports ``callcoach.cli`` before any of our code runs, outside the
    window. The window is opened here, not in callcoach/cli.py, so that importing
    callcoach.cli (or this module) from a program changes no collector.
    """
    from callcoach.app import heap

    with heap.quiet_imports():
        from callcoach.cli import main

    main()


if __name__ == "__main__":
    run()
