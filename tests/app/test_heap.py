"""app.heap: collector settings for processes that analyse calls."""

from __future__ import annotations

import gc
import multiprocessing
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

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


@pytest.fixture
def collector() -> Iterator[None]:
    """The collector's on/off state as the test found it; no window left open."""
    enabled = gc.isenabled()
    yield
    heap.end_start_up()
    (gc.enable if enabled else gc.disable)()


@pytest.mark.usefixtures("collector")
def test_quiet_imports_switches_the_collector_off_then_freezes_and_restores_it() -> None:
    gc.enable()
    frozen = gc.get_freeze_count()
    with heap.quiet_imports():
        assert not gc.isenabled()
        assert heap.start_up_open()
        kept = [[index] for index in range(100)]  # tracked objects made in the window
    assert gc.isenabled()
    assert not heap.start_up_open()
    assert gc.get_freeze_count() >= frozen + len(kept)


@pytest.mark.usefixtures("collector")
def test_quiet_imports_leaves_a_collector_that_was_off_off() -> None:
    gc.disable()
    with heap.quiet_imports():
        assert not gc.isenabled()
    assert not gc.isenabled()


@pytest.mark.usefixtures("collector")
def test_quiet_imports_inside_an_open_window_leaves_it_to_its_opener() -> None:
    gc.enable()
    heap.quiet_start_up()
    heap.quiet_start_up()  # a second opener changes nothing
    with heap.quiet_imports():
        pass
    assert heap.start_up_open()
    assert not gc.isenabled()
    heap.end_start_up()
    assert gc.isenabled()
    assert not heap.start_up_open()


@pytest.mark.usefixtures("collector")
def test_end_start_up_without_a_window_touches_nothing() -> None:
    frozen = gc.get_freeze_count()
    for enabled in (False, True):
        (gc.enable if enabled else gc.disable)()
        heap.end_start_up()
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() == frozen


def test_only_the_commands_that_analyse_open_the_window() -> None:
    from callcoach.cli import _analyses

    assert _analyses(["analyze", "call.vtt", "--rep", "Dana"])
    assert _analyses(["report", "calls/"]) and _analyses(["batch", "calls/"])
    assert not _analyses(["serve"]) and not _analyses(["insights"]) and not _analyses([])
    assert not _analyses(["--help"]) and not _analyses(["eval", "--json"])


# A program using the library: importing it (the command line's module too) and analysing a
# call leave the collector as the program set it, and freeze nothing.
_LIBRARY = """
import gc, sys
for enabled in (True, False):
    (gc.enable if enabled else gc.disable)()
    import callcoach, callcoach.cli
    call = callcoach.load_text("Dana: How long does close take?\\nSam: Nine days.\\n", source="t")
    callcoach.analyze(call, rep="Dana")
    print(gc.isenabled() is enabled, gc.get_freeze_count())
"""


def test_the_library_never_touches_the_collector() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _LIBRARY], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == ["True 0", "True 0"]


# The command line: the first pipeline build runs with the collector off, later ones with it
# on, and the collector is on when the command ends.
_COMMAND = """
import gc, runpy, sys
from callcoach import pipeline
build, seen = pipeline.build, []
def recorded(*args, **kwargs):
    seen.append(gc.isenabled())
    return build(*args, **kwargs)
pipeline.build = recorded
sys.argv = ["callcoach", "analyze", "examples/01-northwind-discovery-expert.vtt",
            "--rep", "Dana Whitfield", "-f", "json"]
try:
    runpy.run_module("callcoach", run_name="__main__")
except SystemExit:
    pass
sys.stderr.write(f"builds {seen} on {gc.isenabled()} frozen {gc.get_freeze_count() > 0}\\n")
"""


def test_the_command_line_builds_its_first_pipeline_with_the_collector_off() -> None:
    root = Path(__file__).resolve().parents[2]  # the example call's path is relative
    done = subprocess.run(
        [sys.executable, "-c", _COMMAND], capture_output=True, text=True, check=True, cwd=root
    )
    assert done.stderr.splitlines()[-1] == "builds [False, True] on True frozen True"


# The console script as pip writes it for ``callcoach = "callcoach.__main__:run"``
# (pyproject.toml): the command line's imports run inside the window even for a command
# that opens none itself (--help), and the first pipeline build of an analysis runs with
# the collector off.
_SCRIPT = """
import gc, sys
from callcoach import pipeline
build, seen = pipeline.build, []
def recorded(*args, **kwargs):
    seen.append(gc.isenabled())
    return build(*args, **kwargs)
pipeline.build = recorded
sys.argv = ["callcoach", *sys.argv[1:]]
from callcoach.__main__ import run
imported = (gc.isenabled(), gc.get_freeze_count(), "callcoach.cli" in sys.modules)
try:
    sys.exit(run())
except SystemExit:
    pass
frozen = gc.get_freeze_count() > 0
sys.stderr.write(f"{imported} builds {seen} on {gc.isenabled()} frozen {frozen}\\n")
"""


def test_the_console_script_names_the_entry_that_opens_the_window() -> None:
    import tomllib

    root = Path(__file__).resolve().parents[2]
    scripts = tomllib.loads((root / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["callcoach"] == "callcoach.__main__:run"


_ANALYZE = ["analyze", "examples/01-northwind-discovery-expert.vtt", "--rep", "Dana Whitfield"]


@pytest.mark.parametrize(
    ("argv", "builds"),
    [
        (["--help"], "[]"),
        (_ANALYZE, "[False, True]"),
    ],
)
def test_the_console_script_imports_the_command_line_with_the_collector_off(
    argv: list[str], builds: str
) -> None:
    root = Path(__file__).resolve().parents[2]  # the example call's path is relative
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *argv],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    )
    # importing the entry's module runs nothing and touches no collector
    assert done.stderr.splitlines()[-1] == f"(True, 0, False) builds {builds} on True frozen True"
