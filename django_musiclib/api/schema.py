"""The OpenAPI schema of every view, and drf-spectacular extensions for ``api.fields``."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent, build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, serializers

from django_musiclib.api.text import ControlCharacterValidator

#: Characters of text without control characters (Unicode Cc), as ``api.text`` checks
#: it: on one line none; on several, line feeds, tabs, and carriage returns before a line
#: feed. And of text without NUL, which DRF's and Django's form fields refuse.
ONE_LINE = r"[^\x00-\x1f\x7f-\x9f]"
SEVERAL_LINES = r"(?:[^\x00-\x08\x0b-\x1f\x7f-\x9f]|\r\n)"
NO_NUL = r"[^\x00]"


def text_pattern(characters: str, *, blank: bool) -> str:
    """A pattern of text made of ``characters``, not empty; unless ``blank``, with one
    that is not a space (DRF strips the spaces around text, and blank text is refused).

    (Never empty: drf-spectacular offers the empty text of a blank field as its own
    branch, which must not overlap.)
    """
    if blank:
        return f"^{characters}+$"
    # Not a space as Python strips it: the pattern's ``\s`` and separators U+001C-U+001F
    # and U+0085; nor NUL, nor a control character where ``characters`` takes none.
    visible = r"[^\s\x00\x1c-\x1f\x85]" if characters == NO_NUL else r"[^\s\x00-\x1f\x7f-\x9f]"
    return f"^{characters}*{visible}{characters}*$"


class ErrorDetailSerializer(serializers.Serializer):
    """An error that is about the request as a whole, not one of its fields."""

    detail = serializers.CharField(help_text=_("What went wrong, for a person to read."))


class MusicLibSchema(AutoSchema):
    """Adds the answers any operation may give besides its own: ``413`` where it takes a
    body, ``429`` (with ``Retry-After``) where it is throttled."""

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        if "requestBody" in operation and "413" not in responses:
            responses["413"] = self._get_response_for_code(
                OpenApiResponse(
                    ErrorDetailSerializer,
                    description=_("The request body is larger than the server accepts."),
                ),
                "413",
            )
        if getattr(self.view, "musiclib_throttle_scope", None) and "429" not in responses:
            response = self._get_response_for_code(
                OpenApiResponse(
                    ErrorDetailSerializer,
                    description=_("Too many requests of this kind: wait and try again."),
                ),
                "429",
            )
            response["headers"] = {
                "Retry-After": {
                    "schema": {"type": "integer"},
                    "description": _("Seconds to wait before trying again."),
                }
            }
            responses["429"] = response
        # Last: it sorts the answers into a new dict.
        self._add_error_responses(operation, responses)
        return operation

    def get_auth(self) -> list[dict[str, Any]]:
        """The credentials an operation takes; ``{}`` (none) too where anyone may call it.

        drf-spectacular knows DRF's ``AllowAny`` and ``IsAuthenticatedOrReadOnly`` as they are,
        not their subclasses (the catalog's and the comments' permissions) nor compositions.
        """
        auths: list[dict[str, Any]] = super().get_auth()
        if {} not in auths and self.method in permissions.SAFE_METHODS:
            checked = [p for p in self.view.get_permissions() if hasattr(p, "has_permission")]
            if checked and all(reads_openly(p) for p in checked):
                auths.append({})
        return auths

    def _map_serializer_field(self, field: Any, direction: str, *args: Any, **kwargs: Any) -> Any:
        schema = super()._map_serializer_field(field, direction, *args, **kwargs)
        # A list of related ids that may not be empty (DRF's allow_empty=False).
        if (
            direction == "request"
            and isinstance(field, serializers.ManyRelatedField)
            and not field.allow_empty
            and schema.get("type") == "array"
        ):
            schema.setdefault("minItems", 1)
        # Text that may not hold control characters (see ``api.text``), or NUL (every
        # CharField of DRF and of Django's forms refuses it).
        if direction == "request" and schema.get("type") == "string":
            characters = None
            for validator in getattr(field, "validators", []):
                if isinstance(validator, ControlCharacterValidator):
                    characters = SEVERAL_LINES if validator.multiline else ONE_LINE
                elif isinstance(validator, ProhibitNullCharactersValidator):
                    characters = characters or NO_NUL
            if characters and "pattern" not in schema:
                blank = getattr(field, "allow_blank", True) or not getattr(
                    field, "trim_whitespace", False
                )
                schema["pattern"] = text_pattern(characters, blank=blank)
        return schema

    def _insert_field_validators(self, field: Any, schema: dict[str, Any]) -> None:
        super()._insert_field_validators(field, schema)
        # Python's ``\w`` matches letters of every script (Django's usernames); in the
        # schema's regular expressions it matches ASCII only, so the pattern would refuse
        # names the API takes.
        for validator in getattr(field, "validators", []):
            regex = validator.regex if isinstance(validator, RegexValidator) else None
            unicode_word = isinstance(regex, re.Pattern) and r"\w" in regex.pattern
            if unicode_word and not regex.flags & re.ASCII:  # type: ignore[union-attr]
                schema.pop("pattern", None)

    def _add_error_responses(self, operation: dict[str, Any], responses: dict[str, Any]) -> None:
        """The errors every operation may answer with, in DRF's error shapes.

        400 where it reads a body or query parameters, 401 and 403 where it takes
        credentials (a wrong or expired token; not allowed, or a missing CSRF token), 404
        where a path names an object, 409 where deleting may be refused while other rows
        refer to the object, 415 where a body comes in a format the view does not parse.
        """
        methods = ("POST", "PUT", "PATCH")
        has_body = "requestBody" in operation or self.method in methods
        has_query = any(p.get("in") == "query" for p in operation.get("parameters", []))
        has_path = any(p.get("in") == "path" for p in operation.get("parameters", []))
        takes_credentials = any(operation.get("security", []))
        errors: dict[str, tuple[Any, Any]] = {}
        if has_body or has_query:
            errors["400"] = (
                self._validation_error_component().ref,
                _("The request is not valid: each field names what is wrong with it."),
            )
        if takes_credentials:
            errors["401"] = (ErrorDetailSerializer, _("The credentials are wrong or expired."))
            errors["403"] = (ErrorDetailSerializer, _("You may not do this."))
        if has_path:
            errors["404"] = (ErrorDetailSerializer, _("There is no such object."))
        if self.method == "DELETE" and hasattr(self.view, "perform_destroy"):
            errors["409"] = (
                ErrorDetailSerializer,
                _("Other objects refer to this one: it cannot be deleted."),
            )
        if "requestBody" in operation:
            errors["415"] = (
                ErrorDetailSerializer,
                _("The body is in a format this operation does not take."),
            )
        for code, (response, description) in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(response, description=description), code
                )
        # Keep the answers in the order of their codes.
        operation["responses"] = dict(sorted(responses.items()))

    def _validation_error_component(self) -> ResolvedComponent:
        component = ResolvedComponent(
            name="ValidationError",
            type=ResolvedComponent.SCHEMA,
            object="ValidationError",
            schema={
                "type": "object",
                "description": _(
                    "The problems with the request: a list of messages for each field that "
                    "is wrong (`non_field_errors` for the request as a whole), or nested "
                    "objects for nested fields; `detail` for a request that is not valid "
                    "as a whole."
                ),
                "additionalProperties": {},
            },
        )
        self.registry.register_on_missing(component)
        return component


def reads_openly(permission: Any) -> bool:
    """Whether ``permission`` lets anyone read, as the schema documents it.

    A permission that asks others decides with a ``reads_openly()`` method of its own.
    """
    asks_others = getattr(permission, "reads_openly", None)
    if callable(asks_others):
        return bool(asks_others())
    # A tuple: ``|`` between permission classes composes a permission.
    open_to_read = (permissions.AllowAny, permissions.IsAuthenticatedOrReadOnly)
    return isinstance(permission, open_to_read)


class BoundedFilterExtension(DjangoFilterExtension):
    """django-filter's parameters, with the bounds each filter checks (``min_value``,
    ``max_value``, ``max_length``): a value past them gets 400, as the schema says."""

    priority = 1

    def resolve_filter_field(
        self,
        auto_schema: Any,
        model: Any,
        filterset_class: Any,
        field_name: str,
        filter_field: Any,
    ) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        extra = filter_field.extra
        bounds = {
            "minimum": extra.get("min_value"),
            "maximum": extra.get("max_value"),
            "maxLength": extra.get("max_length"),
        }
        for parameter in parameters:
            schema = parameter["schema"]
            schema = schema.get("items", schema) if schema.get("type") == "array" else schema
            schema.update({key: value for key, value in bounds.items() if value is not None})
            # A filter that takes whole numbers only says so (django-filter's NumberFilter
            # is documented as any number otherwise).
            if issubclass(filter_field.field_class, forms.IntegerField):
                schema["type"] = "integer"
            if issubclass(filter_field.field_class, forms.CharField):
                schema.setdefault("pattern", text_pattern(NO_NUL, blank=True))
            # Choices given as text are text, whatever the filter method's type hint says.
            if schema.get("enum") and all(isinstance(v, str) for v in schema["enum"]):
                schema["type"] = "string"
        return parameters


class NestedPrimaryKeyRelatedFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "django_musiclib.api.fields.NestedPrimaryKeyRelatedField"

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        if direction == "response":
            component = auto_schema.resolve_serializer(self.target.serializer_class, direction)
            return component.ref
        schema = build_basic_type(OpenApiTypes.INT)
        assert schema is not None  # None only for OpenApiTypes.NONE
        return schema
