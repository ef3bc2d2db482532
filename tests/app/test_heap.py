"""app.heap: collector settings for processes that analyse calls."""

from __future__ import annotations

import gc
import multiprocessing
import subprocess
import sys
from collections.abc import Iterator

import pytest

from callcoach.app import heap


@pytest.fixture
def thresholds() -> Iterator[None]:
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)


@pytest.mark.usefixtures("thresholds")
def test_tune_collector_raises_the_young_threshold_only() -> None:
    gc.set_threshold(700, 11, 12)
    heap.tune_collector()
    assert gc.get_threshold() == (heap.GEN0_THRESHOLD, 11, 12)
    gc.set_threshold(50_000, 11, 12)  # a larger choice is kept
    heap.tune_collector()
    assert gc.get_threshold() == (50_000, 11, 12)


def test_settle_freezes_nothing_in_a_main_process() -> None:
    before = gc.get_freeze_count()
    heap._SETTLED.clear()
    heap.settle()
    assert gc.get_freeze_count() == before
    assert heap._SETTLED.is_set()


def _settled_in_worker() -> tuple[int, int, bool]:
    before = gc.get_freeze_count()
    heap.settle()
    heap.settle()  # once per process
    return before, gc.get_freeze_count(), gc.get_threshold()[0] == heap.GEN0_THRESHOLD


def test_settle_freezes_once_in_a_worker_process() -> None:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        before, after, tuned = pool.apply(_settled_in_worker)
    assert before == 0
    assert after > 0
    assert tuned


_AT_EXIT = """
import atexit, gc, sys
# registered first, so it runs last: after the freeze tune_collector registers
atexit.register(lambda: sys.stdout.write(f"at exit {gc.get_freeze_count() > 0}\\n"))
from callcoach.app import heap
before = atexit._ncallbacks()
heap.tune_collector()
heap.tune_collector()  # registers once
print("handlers", atexit._ncallbacks() - before, "frozen", gc.get_freeze_count())
"""


def test_tune_collector_freezes_once_at_exit() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _AT_EXIT], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == ["handlers 1 frozen 0", "at exit True"]
