"""Garbage-collector settings for processes that analyse calls (issue 16).

Analysing a call allocates millions of small objects (matches, spans, findings) and few
reference cycles, so CPython's default collector (a young-generation pass every 700
allocations, a full pass over every live object now and then) spent 4-5 % of a call's CPU
tracing objects that were never garbage: the modules, lexicons, models and caches that
live as long as the process. Two settings, neither of which changes what is computed:

- ``tune_collector``: the young generation is collected every ``GEN0_THRESHOLD``
  allocations instead of 700 (cycles are still collected, just in bigger and fewer passes;
  memory stays flat, checked over 30-call pool runs). It also freezes what is alive when
  the process exits (``freeze_at_exit``): the interpreter's shutdown runs full collections
  over every live object (about 80,000 after a one-hour call; ~0.3 s of CPU on the command
  line's critical path) only to free memory the operating system takes back anyway.
- ``settle``: once a worker process has analysed its first call, everything alive then (imports,
  compiled lexicons, the model session, caches) is collected once and moved out of the
  collector's sight (``gc.freeze``), so later full passes trace only what later calls
  allocate. Objects frozen are still freed by reference counting when released; only a
  cycle among them would stay, which is why this runs once per process, not per call.

And one for the command line's start-up (``quiet_imports``, ``quiet_start_up``,
``end_start_up``): the modules an analysis imports and its first ``pipeline.build``
allocate ~50,000 objects that live as long as the process and ~500 that are garbage; with
the collector on, CPython traces them in ~110 young, ~10 middle and one full pass (60-90 ms
of CPU, docs/benchmarks.md round 18). The collector is off while they are made, then they
are frozen (``gc.freeze``: out of the collector's sight, still freed by reference counting)
and the collector is switched back on as it was. Only the command line opens this window
(``callcoach/__main__.py`` and ``cli.main``); ``import callcoach``, ``import
callcoach.cli`` and ``callcoach.analyze`` never do, and ``end_start_up`` does nothing when
no window is open, so a program using the library keeps its collector exactly as it set it.
"""

from __future__ import annotations

import atexit
import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = [
    "GEN0_THRESHOLD",
    "end_start_up",
    "freeze_at_exit",
    "quiet_imports",
    "quiet_start_up",
    "settle",
    "start_up_open",
    "tune_collector",
]

GEN0_THRESHOLD = 10_000

_SETTLED = threading.Event()
_FREEZE_AT_EXIT = threading.Event()
_START_UP_LOCK = threading.Lock()
_START_UP: list[bool] = []  # while a start-up window is open: was the collector on before it


def tune_collector() -> None:
    """Collect the young generation every ``GEN0_THRESHOLD`` allocations, and
    ``freeze_at_exit`` (idempotent)."""
    gen0, gen1, gen2 = gc.get_threshold()
    if 0 < gen0 < GEN0_THRESHOLD:  # 0: the collector is off; a larger value was chosen
        gc.set_threshold(GEN0_THRESHOLD, gen1, gen2)
    freeze_at_exit()


def freeze_at_exit() -> None:
    """Once per process: when it exits, move every object still alive out of the
    collector's sight (``gc.freeze``) before the interpreter shuts down.

    Registered with ``atexit`` when called, so it runs after the exit handlers registered
    later (``atexit`` runs them last in, first out) and before the interpreter's own
    shutdown, whose full collections then trace nothing. Objects are still released by
    reference counting as the modules are torn down; only garbage held in reference cycles
    at exit is left to the operating system (its finalizers are not run, which Python
    never promises at exit). Called by the command line and the pool workers
    (``tune_collector``), never on import: a program using the library keeps its own exit.
    """
    if _FREEZE_AT_EXIT.is_set():
        return
    _FREEZE_AT_EXIT.set()
    atexit.register(gc.freeze)


def settle() -> None:
    """In a worker process, once, after its first call: ``tune_collector`` (for workers no
    initializer ran in, such as Dask's), collect, then freeze what is alive.

    A no-op in a main process (``callcoach analyze`` of a folder with one worker, a test
    run, a program using the library): what lives there is not ours to freeze.
    """
    if _SETTLED.is_set():
        return
    _SETTLED.set()
    import multiprocessing  # here, not at import: the command line tunes without it

    if multiprocessing.parent_process() is None:
        return
    tune_collector()
    gc.collect()
    gc.freeze()


def quiet_start_up() -> None:
    """Open the start-up window: the collector off until ``end_start_up`` (a no-op while a
    window is open). For the command line only, never on import."""
    with _START_UP_LOCK:
        if _START_UP:
            return
        _START_UP.append(gc.isenabled())
        gc.disable()


def start_up_open() -> bool:
    """Whether a start-up window is open (``quiet_start_up``)."""
    return bool(_START_UP)


def end_start_up() -> None:
    """Close the start-up window: freeze what is alive (``gc.freeze``), then switch the
    collector back on if it was on when the window opened. A no-op when none is open (a
    program using the library), so nothing of the caller's collector is touched."""
    with _START_UP_LOCK:
        if not _START_UP:
            return
        enabled = _START_UP.pop()
        gc.freeze()
        if enabled:
            gc.enable()


@contextmanager
def quiet_imports() -> Iterator[None]:
    """The collector off for the block, then ``end_start_up`` (freeze, the collector back as
    it was). Inside a window that is already open it does nothing: the window's opener
    closes it."""
    opened = not start_up_open()
    quiet_start_up()
    try:
        yield
    finally:
        if opened:
            end_start_up()
