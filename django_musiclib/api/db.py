"""Database pieces that use PostgreSQL's strengths and fall back quietly elsewhere.

Nothing here imports ``django.contrib.postgres``, which needs psycopg: a project on
SQLite installs without it.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, migrations, models


class SearchVectorField(models.Field):
    """A stored full-text vector: ``tsvector`` on PostgreSQL, an unused column elsewhere."""

    description = "A full-text search vector"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("null", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def db_type(self, connection: Any) -> str:
        return "tsvector" if connection.vendor == "postgresql" else "text"


def check_deferred_constraints(using: str = "default") -> None:
    """Check now the foreign keys that PostgreSQL would check when the transaction commits.

    They are deferred, so a row that refers to one another request deleted meanwhile
    fails only at COMMIT. Inside an outer transaction (``ATOMIC_REQUESTS``) that is after
    the view has answered; checking here, inside the caller's ``atomic()`` block, raises
    the ``IntegrityError`` where the view can still answer 4xx. When that block is the
    outermost, its commit checks them anyway.
    """
    connection = connections[using]
    if connection.vendor == "postgresql" and len(connection.atomic_blocks) > 1:
        connection.check_constraints()


class RunSQLOnPostgres(migrations.RunSQL):
    """A ``RunSQL`` migration operation that does nothing on other databases."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
