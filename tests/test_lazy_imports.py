"""Start-up stays fast: heavy libraries load only where they are used (no timing asserts)."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("sklearn", "scipy", "statsmodels", "sqlalchemy", "jinja2", "pandas", "onnxruntime")


def _imported_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    modules = set(json.loads(out.stdout.strip().splitlines()[-1]))
    return {name for name in HEAVY if name in modules}


def test_import_callcoach_and_the_cli_load_nothing_heavy() -> None:
    assert _imported_after("import callcoach, callcoach.cli") == set()


def test_a_one_call_analyze_needs_no_scikit_learn_scipy_or_storage() -> None:
    code = (
        "import callcoach\n"
        "from callcoach.report import build_report\n"
        "from callcoach.report import terminal, markdown\n"
        "call = callcoach.load_text('Dana: How does close work?\\nSam: Slowly.\\n', source='t')\n"
        "a = callcoach.analyze(call, rep='Dana', rubric='expert-not-friend')\n"
        "terminal.render(build_report(a.call, a.roles, a.metrics, a.findings, a.scorecard))\n"
    )
    assert _imported_after(code) <= {"onnxruntime"}  # the embedding model, where it is used
