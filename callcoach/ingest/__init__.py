"""Read transcript files of any supported format into a ``Call``.

Formats are registered in ``callcoach.ingest.registry`` (one module each in
``callcoach/ingest/formats/``); ``FORMATS`` names the built-in ones.
"""

from callcoach.ingest import registry
from callcoach.ingest.detect import FORMATS, sniff
from callcoach.ingest.loader import load_call, load_text, parse_text
from callcoach.ingest.registry import TranscriptFormat

__all__ = [
    "FORMATS",
    "TranscriptFormat",
    "load_call",
    "load_text",
    "parse_text",
    "registry",
    "sniff",
]
