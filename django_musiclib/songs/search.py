"""Song search: full text over title, artist names and album title, and typos."""

from __future__ import annotations

from django.db.models import QuerySet

from django_musiclib.api.search import search
from django_musiclib.artists.search import similar_credited
from django_musiclib.songs.models import Song, SongArtist

SIMILAR = similar_credited(Song, SongArtist, "song_id")


def search_songs(queryset: QuerySet[Song], text: str) -> QuerySet[Song]:
    return search(
        queryset,
        text,
        similar=SIMILAR,
        fallback_fields=["title", "artists__name", "album__title"],
    )
