"""Start-up stays fast: heavy libraries load only where they are used (no timing asserts)."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = (
    "sklearn",
    "scipy",
    "statsmodels",
    "sqlalchemy",
    "jinja2",
    "pandas",
    "onnxruntime",
    "tokenizers",
    "dask",
    "distributed",
)


def _imported_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    modules = set(json.loads(out.stdout.strip().splitlines()[-1]))
    return {name for name in HEAVY if name in modules}


def test_import_callcoach_and_the_cli_load_nothing_heavy() -> None:
    assert _imported_after("import callcoach, callcoach.cli") == set()


def test_the_cli_draws_no_progress_bar_until_many_calls_run() -> None:
    """rich.progress (and its spinners, ~7-9 ms of CPU) is imported by the runs of many
    calls that draw a bar, not by every command."""
    probe = "import callcoach.cli, json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    modules = set(json.loads(out.stdout.strip().splitlines()[-1]))
    assert "rich.progress" not in modules
    assert "rich.console" in modules  # the probe does see rich


def test_a_one_call_analyze_needs_no_scikit_learn_scipy_or_storage() -> None:
    code = (
        "import callcoach\n"
        "from callcoach.report import build_report\n"
        "from callcoach.report import terminal, markdown\n"
        "call = callcoach.load_text('Dana: How does close work?\\nSam: Slowly.\\n', source='t')\n"
        "a = callcoach.analyze(call, rep='Dana', rubric='expert-not-friend')\n"
        "terminal.render(build_report(a.call, a.roles, a.metrics, a.findings, a.scorecard))\n"
    )
    # The embedding model and its tokenizer, where they are used.
    assert _imported_after(code) <= {"onnxruntime", "tokenizers"}


def test_building_the_pipeline_loads_no_model() -> None:
    """Detectors are built without the embedding model or its tokenizer: the model loads
    (in the background) only when a call is run through detectors that need it."""
    code = (
        "from callcoach import pipeline\n"
        "import callcoach.nlp.embeddings, callcoach.nlp.call_embeddings\n"
        "pipeline.build()\n"
    )
    assert _imported_after(code) == set()


def test_lexicons_compile_their_phrases_on_first_use() -> None:
    """Loading a lexicon compiles no phrase; scanning a text compiles only what it reaches."""
    code = (
        "from callcoach.detectors._patterns import _compile, load_lexicon\n"
        "lexicon = load_lexicon('stall')\n"
        "before = _compile.cache_info().currsize\n"
        "lexicon.search('we need to think about it')\n"
        "after = _compile.cache_info().currsize\n"
        "print(before, after, len(lexicon.phrases))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after, total = map(int, out.stdout.split())
    assert before == 0
    assert 0 < after < total


def test_a_one_call_analyze_imports_no_shlex() -> None:
    """``shlex`` quotes a name only in a refusal's hint (``roles._rep_hint``): not at start-up."""
    code = (
        "import callcoach, sys\n"
        "call = callcoach.load_text('Dana: How does close work?\\nSam: Slowly.\\n', source='t')\n"
        "callcoach.analyze(call, rep='Dana', rubric='expert-not-friend')\n"
        "assert 'shlex' not in sys.modules, 'shlex imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
