"""Storage: calls, analyses, deals and links in SQLite (default) or PostgreSQL.

``Repository`` is the API other packages use; ``commands`` holds what the CLI runs.
"""

from callcoach.storage.database import make_engine, resolve_url
from callcoach.storage.repository import Repository, StoredAccount, StoredCall, StoredRep
from callcoach.storage.schema import ensure_schema

__all__ = [
    "Repository",
    "StoredAccount",
    "StoredCall",
    "StoredRep",
    "ensure_schema",
    "make_engine",
    "resolve_url",
]
