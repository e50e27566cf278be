from __future__ import annotations

from django.db import transaction
from rest_framework import serializers

from django_musiclib.api.fields import OwnerField
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


def artist_credits_field(**kwargs):
    """The ``artists`` field of an album or a song: nested on read, ids on write, in order."""
    from django_musiclib.api.fields import NestedPrimaryKeyRelatedField

    return NestedPrimaryKeyRelatedField(
        ArtistSummarySerializer,
        many=True,
        allow_empty=False,
        queryset=Artist.objects.all(),
        help_text="Ids of the credited artists, in credit order; read as small objects.",
        **kwargs,
    )


class ArtistCreditsMixin:
    """Saves the ``artists`` of an album or a song as ordered credits, in one transaction.

    The model's through table must have a ``position`` field and be reachable as
    ``credits`` from the object.
    """

    def validate_artists(self, artists: list[Artist]) -> list[Artist]:
        if len({artist.pk for artist in artists}) != len(artists):
            raise serializers.ValidationError("An artist may be listed only once.")
        return artists

    def create(self, validated_data):
        artists = validated_data.pop("artists")
        with transaction.atomic():
            instance = super().create(validated_data)
            self._save_credits(instance, artists)
        return instance

    def update(self, instance, validated_data):
        artists = validated_data.pop("artists", None)
        with transaction.atomic():
            instance = super().update(instance, validated_data)
            if artists is not None:
                self._save_credits(instance, artists)
        return instance

    @staticmethod
    def _save_credits(instance, artists: list[Artist]) -> None:
        credits = instance.credits
        credits.all().delete()
        credits.model.objects.bulk_create(
            credits.model(**{credits.field.name: instance}, artist=artist, position=position)
            for position, artist in enumerate(artists)
        )
        # Drop a stale prefetch so the response shows the new credits.
        getattr(instance, "_prefetched_objects_cache", {}).pop("artists", None)
