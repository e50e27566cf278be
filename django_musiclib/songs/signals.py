from __future__ import annotations

from typing import Any

from django_musiclib.songs import services


def withdraw_reactions_of_deleted_user(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Before a user is deleted, take back their reactions so song counters stay exact."""
    services.withdraw_all(instance)


def delete_stored_audio(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Once a song is deleted (by the API, the admin or code), remove its stored file.

    A file that ``musiclib_import`` linked in place is the user's own and stays.
    """
    from django_musiclib.songs.audio_services import delete_stored_audio_later

    delete_stored_audio_later(instance.audio.name)
