"""One module per transcript format; each declares a ``TranscriptFormat`` and registers it.

Modules here are imported on the first registry lookup (``callcoach.ingest.registry``), so
they must stay light: a sniffer of a few regular expressions and a ``lazy_parser``.
"""
