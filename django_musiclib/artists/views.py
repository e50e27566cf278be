from __future__ import annotations

from django.db.models import QuerySet

from django_musiclib.api.filters import FilterBackend
from django_musiclib.api.views import MusicLibModelViewSet
from django_musiclib.artists.filters import ArtistFilter
from django_musiclib.artists.models import Artist


class ArtistViewSet(MusicLibModelViewSet):
    """Artists: anyone reads, a signed-in user adds, the creator or staff change."""

    permission_setting = "CATALOG_PERMISSION_CLASSES"
    serializer_setting = "ARTIST_SERIALIZER"
    filter_backends = [FilterBackend]
    filterset_class = ArtistFilter
    searchable = True
    orderings = {"name": "name", "created_at": "created_at"}

    def get_queryset(self) -> QuerySet[Artist]:
        return Artist.objects.defer("search_vector")
