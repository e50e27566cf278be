"""How users appear to other people: never by their email address."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def public_username_field() -> str | None:
    """The user model field other people may see, or None when it is an email address.

    It is the ``USERNAME_FIELD``, unless that field stores email addresses (a custom
    user model that signs in by email): then a user is known publicly by id alone.
    """
    user_model = get_user_model()
    name = user_model.USERNAME_FIELD
    if isinstance(user_model._meta.get_field(name), models.EmailField):
        return None
    return name


def public_username(user: Any) -> str | None:
    field = public_username_field()
    return getattr(user, field) if field else None


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "readOnly": True,
        "properties": {
            "id": {"type": "integer"},
            "username": {"type": "string", "nullable": True},
        },
        "required": ["id", "username"],
    }
)
class PublicUserField(serializers.Field):
    """A user as other people see them: ``{"id": 1, "username": "ada"}``, or null."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, user: Any) -> dict[str, Any]:
        return {"id": user.pk, "username": public_username(user)}
