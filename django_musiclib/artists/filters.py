from __future__ import annotations

import django_filters

from django_musiclib.artists.models import Artist


class ArtistFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Artist
        fields = ["name"]
