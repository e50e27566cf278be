from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from django_musiclib.api.filters import SearchFilter
from django_musiclib.artists.models import Artist
from django_musiclib.artists.search import search_artists


class ArtistFilter(django_filters.FilterSet):
    search = SearchFilter(help_text=_("Words of the name; a misspelled name is found too."))

    class Meta:
        model = Artist
        fields = ["search"]

    def filter_search(self, queryset: QuerySet[Artist], name: str, value: str) -> QuerySet[Artist]:
        return search_artists(queryset, value)
