"""Account writes that touch several models, each in one transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from knox.settings import knox_settings

from django_musiclib.accounts.models import Profile


class TokenLimitReached(Exception):
    """The user already holds ``REST_KNOX["TOKEN_LIMIT_PER_USER"]`` live tokens."""


class AccountExists(Exception):
    """Another user already has the name (or another unique value) of a new account."""


def token_model() -> Any:
    """knox's token model (``KNOX_TOKEN_MODEL``).

    Imported when used, so that a project missing the ``knox`` app still loads far
    enough for ``manage.py check`` to say so (``musiclib.E002``).
    """
    from knox.models import get_token_model

    return get_token_model()


def profile_of(user: Any) -> Profile:
    """The user's profile, made on first use for users created outside the API."""
    try:
        return user.musiclib_profile
    except Profile.DoesNotExist:
        profile, _ = Profile.objects.get_or_create(user=user)
        return profile


def register(*, password: str, display_name: str = "", bio: str = "", **fields: Any) -> Any:
    """Create a user with a usable password and their profile.

    The serializer's unique check sees the name as sent, but ``create_user`` normalizes
    it first (Unicode NFKC for usernames, the domain's case for emails), and two sign-ups
    may race: either way the database refuses the row, and that is ``AccountExists``.
    """
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_user(password=password, **fields)
            Profile.objects.update_or_create(
                user=user, defaults={"display_name": display_name, "bio": bio}
            )
    except IntegrityError as exc:
        raise AccountExists from exc
    return user


def issue_token(user: Any) -> tuple[Any, str]:
    """Create an expiring token for ``user``; returns the stored row and the secret."""
    model = token_model()
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    if limit is not None:
        live = model.objects.filter(user=user).filter(
            Q(expiry__gt=timezone.now()) | Q(expiry__isnull=True)
        )
        if live.count() >= limit:
            raise TokenLimitReached
    return model.objects.create(
        user=user, expiry=knox_settings.TOKEN_TTL, prefix=knox_settings.TOKEN_PREFIX
    )


def revoke_tokens(user: Any, *, keep: Any = None) -> None:
    """Revoke every token of ``user``, except ``keep`` (the token of this request)."""
    tokens = token_model().objects.filter(user=user)
    if keep is not None:
        tokens = tokens.exclude(pk=keep.pk)
    tokens.delete()


def change_password(user: Any, new_password: str, *, keep_token: Any = None) -> None:
    """Set a new password and sign out every other device."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        revoke_tokens(user, keep=keep_token)


def delete_account(user: Any) -> None:
    """Delete ``user`` with their tokens and profile.

    Each installed app removes its own rows in a ``pre_delete`` receiver (reactions
    with counters corrected, comments deleted or anonymized), inside this transaction.
    """
    with transaction.atomic():
        # Rows that other requests of this user are writing (a like, a comment) wait for
        # this to end and then fail, rather than slip in after the receivers have run.
        get_user_model()._base_manager.select_for_update().filter(pk=user.pk).exists()
        revoke_tokens(user)
        user.delete()
