"""What ``artists`` holds about a user, for the data export: the artists they created."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from django_musiclib.api.user_data import UserDataSection
from django_musiclib.artists.models import Artist


class ExportedArtistSerializer(serializers.ModelSerializer):
    class Meta:
        model = Artist
        fields = ["id", "name", "created_at"]
        read_only_fields = fields


def created_artists(user: Any) -> QuerySet:
    return (
        Artist.objects.filter(created_by=user)
        .order_by("created_at", "id")
        .values("id", "name", "created_at")
    )


APP = "django_musiclib.artists"
SECTIONS = [UserDataSection("created_artists", ExportedArtistSerializer, created_artists, app=APP)]
