"""Reproducible performance runs; results go to docs/benchmarks.md.

Run from the repository root (``python -m benchmarks.ingest_metrics``): pysbd also installs a
top-level ``benchmarks`` package, and only the working directory coming first on ``sys.path``
makes this one win.
"""
