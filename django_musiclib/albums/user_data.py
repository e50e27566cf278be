"""What ``albums`` holds about a user, for the data export: the albums they created."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from django_musiclib.albums.models import Album
from django_musiclib.api.user_data import UserDataSection


class ExportedAlbumSerializer(serializers.ModelSerializer):
    class Meta:
        model = Album
        fields = ["id", "title", "created_at"]
        read_only_fields = fields


def created_albums(user: Any) -> QuerySet:
    return (
        Album.objects.filter(created_by=user)
        .order_by("created_at", "id")
        .values("id", "title", "created_at")
    )


APP = "django_musiclib.albums"
SECTIONS = [UserDataSection("created_albums", ExportedAlbumSerializer, created_albums, app=APP)]
