"""What ``accounts`` holds about a user, for the data export: the account, the profile and
the API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from django_musiclib.accounts import services
from django_musiclib.accounts.models import Profile
from django_musiclib.api.user_data import UserDataSection


def account_field_names() -> list[str]:
    """Every column of the user model but the password hash."""
    return [
        field.name for field in get_user_model()._meta.concrete_fields if field.name != "password"
    ]


class ExportedAccountSerializer(serializers.Serializer):
    """Your account as it is stored, but for the password."""

    # The fields of whatever AUTH_USER_MODEL is, read-only and without the validators
    # that check input: they would document a pattern that stored data need not match.

    def get_fields(self) -> dict[str, serializers.Field]:
        user_model = get_user_model()
        names = account_field_names()
        model_serializer = type(
            "ExportedAccountModelSerializer",
            (serializers.ModelSerializer,),
            {"Meta": type("Meta", (), {"model": user_model, "fields": names})},
        )
        fields = model_serializer().get_fields()
        for field in fields.values():
            field.read_only = True
            field.required = False
            field.validators = []
        return fields


class ExportedProfileSerializer(serializers.ModelSerializer):
    class Meta:
        model = Profile
        fields = ["display_name", "bio", "created_at", "updated_at"]
        read_only_fields = fields


class ExportedTokenSerializer(serializers.Serializer):
    """An API token: when it was made and until when it works, never the token itself."""

    key_prefix = serializers.CharField(
        source="token_key",
        read_only=True,
        help_text=_("The first characters of the token, to tell tokens apart."),
    )
    created = serializers.DateTimeField(read_only=True)
    expiry = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=_("Null for a token that never expires.")
    )


def account(user: Any) -> Any:
    return user


def tokens(user: Any) -> QuerySet:
    return (
        services.token_model()
        .objects.filter(user=user)
        .order_by("created", "token_key")
        .values("token_key", "created", "expiry")
    )


APP = "django_musiclib.accounts"
SECTIONS = [
    UserDataSection("account", ExportedAccountSerializer, account, many=False, app=APP),
    UserDataSection(
        "profile", ExportedProfileSerializer, services.profile_of, many=False, app=APP
    ),
    UserDataSection("tokens", ExportedTokenSerializer, tokens, app=APP),
]
