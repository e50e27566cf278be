"""Reactions change a row and a counter together, in one transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F

from django_musiclib.songs.models import Reaction, Song, counter_field


def react(user: Any, song: Song, value: int) -> Reaction:
    """Set ``user``'s reaction to ``song``; repeating it changes nothing.

    Switching a like to a dislike (or back) is one call and moves one count. Raises
    ``Song.DoesNotExist`` when the song has been deleted meanwhile, and the user model's
    ``DoesNotExist`` when the user has.
    """
    for attempt in range(2):
        try:
            with transaction.atomic():
                _lock(user, song)
                reaction = (
                    Reaction.objects.select_for_update().filter(user=user, song=song).first()
                )
                if reaction is None:
                    reaction = Reaction.objects.create(user=user, song=song, value=value)
                    _shift(song, add=value)
                elif reaction.value != value:
                    previous = reaction.value
                    reaction.value = value
                    reaction.save(update_fields=["value", "updated_at"])
                    _shift(song, add=value, remove=previous)
                return reaction
        except IntegrityError:
            # Another request created the same reaction first; read it on the next turn.
            if attempt:
                raise
    raise AssertionError("unreachable")


def unreact(user: Any, song: Song) -> None:
    """Take back ``user``'s reaction to ``song``, if there is one.

    Raises ``Song.DoesNotExist`` or the user model's ``DoesNotExist`` as ``react`` does.
    """
    with transaction.atomic():
        _lock(user, song)
        reaction = Reaction.objects.select_for_update().filter(user=user, song=song).first()
        if reaction is not None:
            reaction.delete()
            _shift(song, remove=reaction.value)


def withdraw_all(user: Any) -> None:
    """Remove every reaction of ``user`` and correct the songs' counters."""
    with transaction.atomic():
        for value in Reaction.Value.values:
            field = counter_field(value)
            Song.objects.filter(
                pk__in=Reaction.objects.filter(user=user, value=value).values("song_id")
            ).update(**{field: F(field) - 1})
        Reaction.objects.filter(user=user).delete()


def _lock(user: Any, song: Song) -> None:
    """Hold the rows of ``user`` and ``song`` until the transaction ends.

    Reactions of one user, and reactions to one song (whose counter update would make
    them wait anyway), take turns, so each sees the others' rows. Deleting the song or
    the account waits for them, or they for it and then find it gone. The user comes
    first, as in an account deletion, which locks the user and then changes counters.
    """
    user_model = get_user_model()
    if not user_model._base_manager.select_for_update(no_key=True).filter(pk=user.pk).exists():
        raise user_model.DoesNotExist
    if not Song.objects.select_for_update(no_key=True).filter(pk=song.pk).exists():
        raise Song.DoesNotExist


def _shift(song: Song, *, add: int | None = None, remove: int | None = None) -> None:
    changes: dict[str, Any] = {}
    if add is not None:
        changes[counter_field(add)] = F(counter_field(add)) + 1
    if remove is not None:
        changes[counter_field(remove)] = F(counter_field(remove)) - 1
    Song.objects.filter(pk=song.pk).update(**changes)
