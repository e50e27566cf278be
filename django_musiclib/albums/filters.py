from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from django_musiclib.albums.models import Album, AlbumArtist
from django_musiclib.albums.search import search_albums
from django_musiclib.api.filters import IdFilter, SearchFilter, YearFilter


class AlbumFilter(django_filters.FilterSet):
    search = SearchFilter(help_text=_("Words of the title or the artists' names."))
    artist = IdFilter(method="filter_artist", help_text=_("Albums crediting this artist id."))
    genre = django_filters.CharFilter(lookup_expr="iexact", max_length=100)
    year = YearFilter(field_name="release_date__year", help_text=_("Released in this year."))
    year_min = YearFilter(field_name="release_date__year", lookup_expr="gte")
    year_max = YearFilter(field_name="release_date__year", lookup_expr="lte")

    class Meta:
        model = Album
        fields = ["search", "artist", "genre", "year", "year_min", "year_max"]

    def filter_search(self, queryset: QuerySet[Album], name: str, value: str) -> QuerySet[Album]:
        return search_albums(queryset, value)

    def filter_artist(self, queryset: QuerySet[Album], name: str, value: int) -> QuerySet[Album]:
        credits = AlbumArtist.objects.filter(album=OuterRef("pk"), artist_id=value)
        return queryset.filter(Exists(credits))
