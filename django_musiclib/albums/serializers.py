from __future__ import annotations

from rest_framework import serializers

from django_musiclib.albums.covers import CoverURLField
from django_musiclib.albums.models import Album
from django_musiclib.api.fields import OwnerField
from django_musiclib.artists.serializers import ArtistCreditsMixin, artist_credits_field


class AlbumSummarySerializer(serializers.ModelSerializer):
    """An album as it appears inside a song."""

    class Meta:
        model = Album
        fields = ["id", "title"]
        read_only_fields = fields


class AlbumSerializer(ArtistCreditsMixin, serializers.ModelSerializer):
    artists = artist_credits_field()
    created_by = OwnerField()
    cover = CoverURLField()

    class Meta:
        model = Album
        fields = [
            "id",
            "title",
            "artists",
            "release_date",
            "genre",
            "cover",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
