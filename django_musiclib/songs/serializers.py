from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from django_musiclib.albums.models import Album
from django_musiclib.albums.serializers import AlbumSummarySerializer
from django_musiclib.api.fields import NestedPrimaryKeyRelatedField, OwnerField
from django_musiclib.artists.serializers import ArtistCreditsMixin, artist_credits_field
from django_musiclib.songs.audio_serializers import AudioField, AudioUploadMixin
from django_musiclib.songs.models import Reaction, Song

REACTION_NAMES: dict[int, str] = {Reaction.Value.LIKE: "like", Reaction.Value.DISLIKE: "dislike"}


@extend_schema_field(
    {"type": "string", "enum": ["like", "dislike"], "nullable": True, "readOnly": True}
)
class MyReactionField(serializers.Field):
    """The signed-in user's reaction to the song: "like", "dislike" or null.

    Views prefetch the user's reactions as ``my_reactions``; a song without them (just
    created, or read anonymously) shows null.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance: Song) -> int | None:
        mine = getattr(instance, "my_reactions", None)
        return mine[0].value if mine else None

    def to_representation(self, value: int | None) -> str | None:
        return REACTION_NAMES.get(value) if value is not None else None


class SongSerializer(AudioUploadMixin, ArtistCreditsMixin, serializers.ModelSerializer):
    artists = artist_credits_field()
    album = NestedPrimaryKeyRelatedField(
        AlbumSummarySerializer,
        queryset=Album.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("Id of the album; read as a small object."),
    )
    my_reaction = MyReactionField()
    created_by = OwnerField()
    audio = AudioField(help_text=_("Audio file (multipart); read as its facts and stream URL."))

    class Meta:
        model = Song
        fields = [
            "id",
            "title",
            "artists",
            "album",
            "track_number",
            "disc_number",
            "duration",
            "genre",
            "audio",
            "like_count",
            "dislike_count",
            "my_reaction",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["like_count", "dislike_count", "created_at", "updated_at"]
