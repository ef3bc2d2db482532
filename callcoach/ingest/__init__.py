"""Read transcript files of any supported format into a ``Call``."""

from callcoach.ingest.detect import FORMATS, sniff
from callcoach.ingest.loader import load_call, load_text, parse_text

__all__ = ["FORMATS", "load_call", "load_text", "parse_text", "sniff"]
