from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django_filters.rest_framework import DjangoFilterBackend

from django_musiclib.albums.filters import AlbumFilter
from django_musiclib.albums.models import Album
from django_musiclib.api.views import MusicLibModelViewSet
from django_musiclib.artists.models import Artist


def album_artists_prefetch() -> Prefetch:
    """An album's artists in credit order, in one query for a whole page."""
    return Prefetch("artists", queryset=Artist.objects.order_by("album_credits__position"))


class AlbumViewSet(MusicLibModelViewSet):
    """Albums: anyone reads, a signed-in user adds, the creator or staff change."""

    permission_setting = "CATALOG_PERMISSION_CLASSES"
    serializer_setting = "ALBUM_SERIALIZER"
    filter_backends = [DjangoFilterBackend]
    filterset_class = AlbumFilter

    def get_queryset(self) -> QuerySet[Album]:
        return Album.objects.prefetch_related(album_artists_prefetch())
