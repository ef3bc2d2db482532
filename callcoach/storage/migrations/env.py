"""Alembic environment: always run from ``callcoach.storage.schema`` with a live connection.

There is no alembic.ini: ``schema.upgrade`` builds the Config in code and hands over the
connection in ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

from callcoach.storage.models import Base

# Any constant works; it only has to be the same for every callcoach process.
_PG_MIGRATION_LOCK = 0x63616C6C


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=sqlite,  # SQLite alters tables by copying them
        transactional_ddl=True,  # SQLite and PostgreSQL both roll back DDL
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Two processes opening an empty database at once must not both create it.
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
            )
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through callcoach.storage.schema.upgrade")
_run(connection)
