"""The public API is a pinned list: adding or removing a name is a deliberate change."""

import subprocess
import sys

import callcoach

PUBLIC = [
    "Analysis",
    "Call",
    "CallcoachError",
    "DetectorError",
    "EvalError",
    "Evidence",
    "Finding",
    "IngestError",
    "Metric",
    "RoleAssignment",
    "RoleError",
    "RubricError",
    "Segment",
    "Speaker",
    "StorageError",
    "Utterance",
    "__version__",
    "analyze",
    "load_call",
    "load_text",
]


def test_all_is_pinned() -> None:
    assert sorted(callcoach.__all__) == sorted(PUBLIC)


def test_every_public_name_resolves() -> None:
    for name in callcoach.__all__:
        assert getattr(callcoach, name) is not None


def test_errors_form_one_tree() -> None:
    for name in ("IngestError", "RoleError", "RubricError", "StorageError", "DetectorError"):
        assert issubclass(getattr(callcoach, name), callcoach.CallcoachError)


def test_import_does_not_load_heavy_dependencies() -> None:
    code = (
        "import sys, callcoach; "
        "heavy = [m for m in ('onnxruntime', 'sklearn', 'tokenizers') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
