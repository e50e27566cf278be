from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet, Value
from django.db.models.functions import Coalesce

from django_musiclib.albums.cover_views import AlbumCoverMixin
from django_musiclib.albums.filters import AlbumFilter
from django_musiclib.albums.models import Album
from django_musiclib.api.filters import FilterBackend
from django_musiclib.api.views import MusicLibModelViewSet
from django_musiclib.artists.models import Artist


def album_artists_prefetch() -> Prefetch:
    """An album's artists in credit order, in one query for a whole page."""
    artists = Artist.objects.only("id", "name").order_by("album_credits__position")
    return Prefetch("artists", queryset=artists)


def albums_with_artists(*, release_sort: bool = False) -> QuerySet[Album]:
    """Albums with what their representation needs.

    ``release_sort`` adds the release date as ``release_sort`` (the earliest date when
    there is none) for a list ordered by it.
    """
    queryset = Album.objects.defer("search_vector").prefetch_related(album_artists_prefetch())
    if release_sort:
        queryset = queryset.annotate(
            release_sort=Coalesce("release_date", Value(datetime.date.min))
        )
    return queryset


class AlbumViewSet(AlbumCoverMixin, MusicLibModelViewSet):
    """Albums: anyone reads, a signed-in user adds, the creator or staff change."""

    permission_setting = "CATALOG_PERMISSION_CLASSES"
    serializer_setting = "ALBUM_SERIALIZER"
    filter_backends = [FilterBackend]
    filterset_class = AlbumFilter
    searchable = True
    orderings = {
        "title": "title",
        "created_at": "created_at",
        "release_date": "release_sort",
    }

    def get_queryset(self) -> QuerySet[Album]:
        if self.action == "cover":  # the image alone: no artists to show
            return Album.objects.defer("search_vector")
        return albums_with_artists(release_sort=self.is_ordered_by("release_date"))
