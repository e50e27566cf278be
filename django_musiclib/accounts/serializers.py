from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import authenticate, get_user_model, password_validation
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from django_musiclib.accounts.models import BIO_MAX_LENGTH, Profile
from django_musiclib.api.text import one_line, several_lines
from django_musiclib.api.user_data import user_data_sections
from django_musiclib.api.users import public_username
from django_musiclib.conf import musiclib_settings


def _user_model_field(name: str) -> serializers.Field:
    """A serializer field for a field of the user model, with the model's validation."""
    user_model = get_user_model()
    model_serializer = type(
        "UserFieldSerializer",
        (serializers.ModelSerializer,),
        {"Meta": type("Meta", (), {"model": user_model, "fields": [name]})},
    )
    return model_serializer().get_fields()[name]


def _has_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


#: The longest password taken, in characters: enough for any passphrase, and a bound on
#: the work of hashing one.
PASSWORD_MAX_LENGTH = 4096


def _password_field(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        write_only=True,
        trim_whitespace=False,
        max_length=PASSWORD_MAX_LENGTH,
        style={"input_type": "password"},
        **kwargs,
    )


def _check_password(password: str, user: Any) -> None:
    try:
        password_validation.validate_password(password, user)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(list(exc.messages)) from exc


class ProfileSerializer(serializers.ModelSerializer):
    """The signed-in user's own account: identity (read-only here) and profile.

    The key of the username is the user model's ``USERNAME_FIELD`` (``username``, or
    ``email`` for a model that signs in by email).
    """

    id = serializers.IntegerField(source="user.pk", read_only=True)
    joined = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = Profile
        fields = ["id", "display_name", "bio", "joined"]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        user_model = get_user_model()
        identity = [user_model.USERNAME_FIELD]
        if user_model.USERNAME_FIELD != "email" and _has_field(user_model, "email"):
            identity.append("email")
        for name in identity:
            field = _user_model_field(name)
            field.source = f"user.{name}"
            field.read_only = True
            field.required = False
            fields[name] = field
        first = [name for name in ("id", *identity) if name in fields]
        return {name: fields[name] for name in [*first, *(n for n in fields if n not in first)]}


class PublicProfileSerializer(serializers.ModelSerializer):
    """A user as anyone may see them. It never shows an email address."""

    id = serializers.IntegerField(source="user.pk", read_only=True)
    username = serializers.SerializerMethodField(
        help_text=_("Public username, or null where users sign in by email.")
    )
    joined = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = Profile
        fields = ["id", "username", "display_name", "bio", "joined"]
        read_only_fields = fields

    def get_username(self, profile: Profile) -> str | None:
        return public_username(profile.user)


class RegistrationSerializer(serializers.Serializer):
    """Sign-up: the user model's username field and required fields, a password, a profile."""

    password = _password_field(help_text=_("Checked by the project's password validators."))
    display_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, validators=[one_line]
    )
    bio = serializers.CharField(
        max_length=BIO_MAX_LENGTH, required=False, allow_blank=True, validators=[several_lines]
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        user_model = get_user_model()
        names = [user_model.USERNAME_FIELD, *user_model.REQUIRED_FIELDS]
        if "email" not in names and _has_field(user_model, "email"):
            names.append("email")
        identity = {name: _user_model_field(name) for name in names}
        for field in identity.values():
            if isinstance(field, serializers.CharField):
                field.validators.append(one_line)
        return {**identity, **fields}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user_model = get_user_model()
        # Compare the name as it will be stored: create_user() applies NFKC, so a fullwidth
        # "me" is "me".
        username = user_model.normalize_username(str(attrs.get(user_model.USERNAME_FIELD, "")))
        reserved = {name.lower() for name in musiclib_settings.RESERVED_USERNAMES}
        if username.lower() in reserved:
            raise serializers.ValidationError(
                {
                    user_model.USERNAME_FIELD: [
                        gettext("This name is reserved. Please choose another.")
                    ]
                }
            )
        user_fields = {
            key: value
            for key, value in attrs.items()
            if key not in ("password", "display_name", "bio")
        }
        try:
            _check_password(attrs["password"], user_model(**user_fields))
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"password": exc.detail}) from exc
        return attrs


class LoginSerializer(serializers.Serializer):
    """Credentials; ``session: true`` also starts a browser session."""

    password = _password_field()
    session = serializers.BooleanField(
        default=False,
        help_text=_("Also start a Django session (a cookie) for a browser frontend."),
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        name = get_user_model().USERNAME_FIELD
        return {name: serializers.CharField(max_length=254, validators=[one_line]), **fields}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        name = get_user_model().USERNAME_FIELD
        user = authenticate(
            _http_request(self.context), username=attrs[name], password=attrs["password"]
        )
        if user is None:
            raise serializers.ValidationError(
                gettext("Unable to log in with these credentials."), code="authorization"
            )
        attrs["user"] = user
        return attrs


class TokenSerializer(serializers.Serializer):
    """A new token: send it as ``Authorization: Token <token>`` until ``expiry``."""

    token = serializers.CharField(read_only=True)
    expiry = serializers.DateTimeField(read_only=True, allow_null=True)
    user = ProfileSerializer(read_only=True)


class PasswordChangeSerializer(serializers.Serializer):
    old_password = _password_field()
    new_password = _password_field(help_text=_("Checked by the project's password validators."))

    def validate_old_password(self, value: str) -> str:
        if not self.context["request"].user.check_password(value):
            raise serializers.ValidationError(gettext("The current password is not correct."))
        return value

    def validate_new_password(self, value: str) -> str:
        _check_password(value, self.context["request"].user)
        return value


class AccountDeletionSerializer(serializers.Serializer):
    password = _password_field(help_text=_("The current password, to confirm the deletion."))

    def validate_password(self, value: str) -> str:
        if not self.context["request"].user.check_password(value):
            raise serializers.ValidationError(gettext("The password is not correct."))
        return value


class UserDataExportSerializer(serializers.Serializer):
    """Everything the library holds about you, one key for each kind of data."""

    # The instance maps "exported_at" and the key of each section registered in
    # django_musiclib.api.user_data to that section's rows.
    exported_at = serializers.DateTimeField(read_only=True)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for section in user_data_sections():
            fields[section.key] = section.serializer_class(many=section.many, read_only=True)
        return fields


def _http_request(context: Mapping[str, Any]) -> Any:
    request = context.get("request")
    return getattr(request, "_request", request)
