"""Song search: full text over title, artist names and album title, and typos."""

from __future__ import annotations

from django.db.models import QuerySet

from django_musiclib.api.search import Similar, search
from django_musiclib.artists.search import similar_artist_ids_sql
from django_musiclib.songs.models import Song, SongArtist

_TABLE = Song._meta.db_table
_CREDITS = SongArtist._meta.db_table

SIMILAR = [
    # A misspelled title, through the trigram index on the title.
    Similar(
        ids=f'SELECT id FROM "{_TABLE}" WHERE %s <%% title',
        score=f'word_similarity(%s, "{_TABLE}"."title")',
    ),
    # A misspelled artist name.
    Similar(
        ids=f'SELECT song_id FROM "{_CREDITS}" WHERE artist_id = ANY({similar_artist_ids_sql()})'
    ),
]


def search_songs(queryset: QuerySet[Song], text: str) -> QuerySet[Song]:
    return search(
        queryset,
        text,
        similar=SIMILAR,
        fallback_fields=["title", "artists__name", "album__title"],
    )
