"""Album search: full text over title and artist names, and typos of either."""

from __future__ import annotations

from django.db.models import QuerySet

from django_musiclib.albums.models import Album, AlbumArtist
from django_musiclib.api.search import search
from django_musiclib.artists.search import similar_credited

SIMILAR = similar_credited(Album, AlbumArtist, "album_id")


def search_albums(queryset: QuerySet[Album], text: str) -> QuerySet[Album]:
    return search(queryset, text, similar=SIMILAR, fallback_fields=["title", "artists__name"])
