from __future__ import annotations

import django_filters

from django_musiclib.albums.models import Album


class AlbumFilter(django_filters.FilterSet):
    title = django_filters.CharFilter(lookup_expr="icontains")
    artist = django_filters.NumberFilter(field_name="artists", distinct=True)

    class Meta:
        model = Album
        fields = ["title", "artist", "genre"]
