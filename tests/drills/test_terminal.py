"""Interactive drills in a real (pseudo-)terminal: type a reply, then Ctrl-D ends cleanly."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a POSIX pty")


def _run_in_pty(scenario: str, keys: list[bytes], deadline_s: float = 300.0) -> tuple[int, str]:
    """Run `callcoach drill run SCENARIO` on a pty; answer each prompt with the next keys."""
    leader, follower = os.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    process = subprocess.Popen(
        [sys.executable, "-m", "callcoach", "drill", "run", scenario],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        cwd=ROOT,
        env=env,
        close_fds=True,
    )
    os.close(follower)
    output = b""
    pending = list(keys)
    end = time.monotonic() + deadline_s
    try:
        while time.monotonic() < end:
            ready, _, _ = select.select([leader], [], [], 1.0)
            if ready:
                try:
                    chunk = os.read(leader, 4096)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
            # Answer each "You:" prompt with the next keys.
            if pending and output.count(b"You: ") > len(keys) - len(pending):
                os.write(leader, pending.pop(0))
            if process.poll() is not None and not ready:
                break
        code = process.wait(timeout=max(1.0, end - time.monotonic()))
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    return code, output.decode("utf-8", "replace")


def test_type_a_reply_then_ctrl_d() -> None:
    reply = b"How does your month-end close work today?\n"
    code, text = _run_in_pty("finance-month-end", [reply, b"\x04"])
    assert code == 0, text
    assert text.count("Maria Alvarez:") >= 3  # two opening lines, then her answer
    assert "Drill over: unfinished" in text and "Traceback" not in text


def test_accepting_the_stall_ends_the_drill() -> None:
    code, text = _run_in_pty("think-about-it", [b"Sure, no problem, take your time!\n"])
    assert code == 0, text
    assert "accepted the stall" in text and "Drill over: stalled" in text


def test_ctrl_d_at_the_first_prompt_still_scores() -> None:
    code, text = _run_in_pty("think-about-it", [b"\x04"])
    assert code == 0, text
    assert "Drill over: unfinished" in text and "Traceback" not in text
