from __future__ import annotations

from typing import Any

from django_musiclib.songs import services


def withdraw_reactions_of_deleted_user(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Before a user is deleted, take back their reactions so song counters stay exact."""
    services.withdraw_all(instance)
