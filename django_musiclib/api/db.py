"""Database pieces that use PostgreSQL's strengths and fall back quietly elsewhere.

Nothing here imports ``django.contrib.postgres``, which needs psycopg: a project on
SQLite installs without it.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models


class SearchVectorField(models.Field):
    """A stored full-text vector: ``tsvector`` on PostgreSQL, an unused column elsewhere."""

    description = "A full-text search vector"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("null", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def db_type(self, connection: Any) -> str:
        return "tsvector" if connection.vendor == "postgresql" else "text"


class RunSQLOnPostgres(migrations.RunSQL):
    """A ``RunSQL`` migration operation that does nothing on other databases."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
