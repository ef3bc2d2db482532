"""ASR vendors' JSON and callcoach's generic JSON form (parser: ``ingest/vendor_json.py``)."""

from __future__ import annotations

import re

from callcoach.ingest.registry import TranscriptFormat, lazy_parser, register

# "{" then a key or "}", or "[" then a JSON value; "[Alice] hi" and "[00:01] …" are text.
_JSON_START = re.compile(
    r"""(?:\{\s*(?:"|\})|\[\s*(?:[{\["\]]|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\s*[,\]]|true\b|false\b|null\b))"""
)


def sniff(head: str, named: bool) -> float:
    """A JSON object or array is certain, whatever the file is called."""
    return 1.0 if _JSON_START.match(head) else 0.0


FORMAT = register(
    TranscriptFormat(
        name="json",
        description=(
            "JSON from Whisper, WhisperX, AWS Transcribe, Deepgram, AssemblyAI, Rev, "
            "or callcoach's generic form"
        ),
        suffixes=(".json",),
        sniff=sniff,
        parse=lazy_parser("callcoach.ingest.vendor_json"),
        example=(
            '{"title": "Discovery", "segments": [\n'
            ' {"speaker": "Dana", "start": 1.0, "end": 4.0, "text": "What made you look now?"},\n'
            ' {"speaker": "Sam", "start": 4.5, "end": 8.0, "text": "Close takes nine days."}\n'
            "]}\n"
        ),
        rank=30,
    )
)
