from __future__ import annotations

from typing import Any

from django.db import transaction


def delete_cover(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Once an album is deleted (by the API, the admin or code), remove its cover file."""
    name = instance.cover.name
    if name:
        storage = instance.cover.storage
        transaction.on_commit(lambda: storage.delete(name))
