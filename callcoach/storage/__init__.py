"""Storage: calls, analyses, deals and links in SQLite (default) or PostgreSQL.

``Repository`` is the API other packages use. Storage stores and returns data and runs no
analysis; the use cases that fill it (import, batch, CRM import) live in ``callcoach.app``.
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
