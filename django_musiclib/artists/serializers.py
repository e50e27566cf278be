from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from django_musiclib.api.fields import NestedPrimaryKeyRelatedField, OwnerField
from django_musiclib.artists.models import Artist


class ArtistSummarySerializer(serializers.ModelSerializer):
    """An artist as it appears inside an album or a song."""

    class Meta:
        model = Artist
        fields = ["id", "name"]
        read_only_fields = fields


class ArtistSerializer(serializers.ModelSerializer):
    created_by = OwnerField()

    class Meta:
        model = Artist
        fields = ["id", "name", "bio", "created_by", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class ArtistCreditsField(serializers.ManyRelatedField):
    """The credited artists of an album or a song, read in credit order.

    Views prefetch the artists in credit order, and then that prefetch is used. Without
    it (the object a create or an update just saved, or a host's own view), a plain
    ``artists.all()`` would follow ``Artist``'s ordering, so the credits are read instead:
    the through model is ordered by position.
    """

    def get_attribute(self, instance: Any) -> Any:
        if instance.pk is None or self.source in getattr(
            instance, "_prefetched_objects_cache", {}
        ):
            return super().get_attribute(instance)
        return [credit.artist for credit in instance.credits.select_related("artist")]


def artist_credits_field(**kwargs: Any) -> ArtistCreditsField:
    """The ``artists`` field of an album or a song: nested on read, ids on write, in order."""
    help_text = _("Ids of the credited artists, in credit order; read as small objects.")
    return ArtistCreditsField(
        child_relation=NestedPrimaryKeyRelatedField(
            ArtistSummarySerializer, queryset=Artist.objects.all(), help_text=help_text
        ),
        allow_empty=False,
        help_text=help_text,  # type: ignore[arg-type]  # DRF takes lazy text; its stubs say str
        **kwargs,
    )


if TYPE_CHECKING:
    _SerializerBase = serializers.ModelSerializer
else:
    _SerializerBase = object


class ArtistCreditsMixin(_SerializerBase):
    """Saves the ``artists`` of an album or a song as ordered credits, in one transaction.

    The model's through table must have a ``position`` field and be reachable as
    ``credits`` from the object.
    """

    def validate_artists(self, artists: list[Artist]) -> list[Artist]:
        if len({artist.pk for artist in artists}) != len(artists):
            raise serializers.ValidationError(gettext("An artist may be listed only once."))
        return artists

    def create(self, validated_data: dict[str, Any]) -> Any:
        artists = validated_data.pop("artists")
        with transaction.atomic():
            instance = super().create(validated_data)
            self._save_credits(instance, artists)
        return instance

    def update(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        artists = validated_data.pop("artists", None)
        with transaction.atomic():
            instance = super().update(instance, validated_data)
            if artists is not None:
                self._save_credits(instance, artists)
        return instance

    @staticmethod
    def _save_credits(instance: Any, artists: list[Artist]) -> None:
        credits = instance.credits
        credits.all().delete()
        credits.model.objects.bulk_create(
            credits.model(**{credits.field.name: instance}, artist=artist, position=position)
            for position, artist in enumerate(artists)
        )
        # Drop a stale prefetch so the response shows the new credits.
        getattr(instance, "_prefetched_objects_cache", {}).pop("artists", None)
