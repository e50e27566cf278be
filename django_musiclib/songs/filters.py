from __future__ import annotations

import django_filters

from django_musiclib.songs.models import Song


class SongFilter(django_filters.FilterSet):
    title = django_filters.CharFilter(lookup_expr="icontains")
    artist = django_filters.NumberFilter(field_name="artists", distinct=True)

    class Meta:
        model = Song
        fields = ["title", "artist", "album", "genre"]
