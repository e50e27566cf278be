from __future__ import annotations

from typing import Any

from rest_framework import serializers


class NestedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A relation read as a small nested object and written by primary key.

    ``artists = NestedPrimaryKeyRelatedField(ArtistSummarySerializer, many=True,
    queryset=Artist.objects.all())`` reads ``[{"id": 1, "name": "..."}]`` and takes
    ``[1]``. The OpenAPI schema shows each direction as it is (see ``api.schema``).
    """

    def __init__(self, serializer_class: type[serializers.Serializer], **kwargs: Any) -> None:
        self.serializer_class = serializer_class
        super().__init__(**kwargs)

    def use_pk_only_optimization(self) -> bool:
        return False

    def to_representation(self, value: Any) -> Any:
        # One nested serializer serves every row: building a serializer (its fields)
        # per object would cost more than the object's own representation.
        nested = self.__dict__.get("_nested")
        if nested is None:
            nested = self.__dict__["_nested"] = self.serializer_class(context=self.context)
        return nested.to_representation(value)


class OwnerField(serializers.PrimaryKeyRelatedField):
    """The id of the user who created an object; always read-only."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)


from django_musiclib.api import schema as _schema  # noqa: E402, F401  (registers extensions)
