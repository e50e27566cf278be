"""Album search: full text over title and artist names, and typos of either."""

from __future__ import annotations

from django.db.models import QuerySet

from django_musiclib.albums.models import Album, AlbumArtist
from django_musiclib.api.search import Similar, search
from django_musiclib.artists.search import similar_artist_ids_sql

_TABLE = Album._meta.db_table
_CREDITS = AlbumArtist._meta.db_table

SIMILAR = [
    # A misspelled title, through the trigram index on the title.
    Similar(
        ids=f'SELECT id FROM "{_TABLE}" WHERE %s <%% title',
        score=f'word_similarity(%s, "{_TABLE}"."title")',
    ),
    # A misspelled artist name.
    Similar(
        ids=f'SELECT album_id FROM "{_CREDITS}" WHERE artist_id = ANY({similar_artist_ids_sql()})'
    ),
]


def search_albums(queryset: QuerySet[Album], text: str) -> QuerySet[Album]:
    return search(queryset, text, similar=SIMILAR, fallback_fields=["title", "artists__name"])
