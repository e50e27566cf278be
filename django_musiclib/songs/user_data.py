"""What ``songs`` holds about a user, for the data export: the songs they created and
their likes and dislikes."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from django_musiclib.api.user_data import UserDataSection
from django_musiclib.songs.models import Reaction, Song
from django_musiclib.songs.serializers import REACTION_NAMES


class SongReferenceSerializer(serializers.ModelSerializer):
    """A song as the export names it: its id and title."""

    class Meta:
        model = Song
        fields = ["id", "title"]
        read_only_fields = fields


class ExportedSongSerializer(serializers.ModelSerializer):
    class Meta:
        model = Song
        fields = ["id", "title", "created_at"]
        read_only_fields = fields


# Its own enum id: the same choices as a song's "my_reaction", named after this field
# without drf-spectacular warning about two names for one choice set.
@extend_schema_field(
    {
        "type": "string",
        "enum": ["like", "dislike"],
        "readOnly": True,
        "x-spec-enum-id": "musiclib-reaction-value",
    }
)
class ReactionValueField(serializers.Field):
    """A reaction as a word: "like" or "dislike"."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: int) -> str:
        return REACTION_NAMES[value]


class ExportedReactionSerializer(serializers.ModelSerializer):
    song = SongReferenceSerializer(read_only=True)
    value = ReactionValueField()

    class Meta:
        model = Reaction
        fields = ["song", "value", "created_at", "updated_at"]
        read_only_fields = fields


def created_songs(user: Any) -> QuerySet:
    return (
        Song.objects.filter(created_by=user)
        .order_by("created_at", "id")
        .values("id", "title", "created_at")
    )


def reactions(user: Any) -> QuerySet:
    return (
        Reaction.objects.filter(user=user)
        .select_related("song")
        .only("value", "created_at", "updated_at", "song__id", "song__title")
        .order_by("created_at", "id")
    )


APP = "django_musiclib.songs"
SECTIONS = [
    UserDataSection("created_songs", ExportedSongSerializer, created_songs, app=APP),
    UserDataSection("reactions", ExportedReactionSerializer, reactions, app=APP),
]
