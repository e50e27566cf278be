"""drf-spectacular extensions for the fields in ``api.fields``."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes


class NestedPrimaryKeyRelatedFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "django_musiclib.api.fields.NestedPrimaryKeyRelatedField"

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        if direction == "response":
            component = auto_schema.resolve_serializer(self.target.serializer_class, direction)
            return component.ref
        schema = build_basic_type(OpenApiTypes.INT)
        assert schema is not None  # None only for OpenApiTypes.NONE
        return schema
