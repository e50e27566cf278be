from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotAuthenticated

from django_musiclib.api.filters import IdFilter, SearchFilter, YearFilter
from django_musiclib.songs.models import Reaction, Song, SongArtist
from django_musiclib.songs.search import search_songs


class SongFilter(django_filters.FilterSet):
    search = SearchFilter(
        help_text=_("Words of the title, the artists' names or the album title.")
    )
    artist = IdFilter(method="filter_artist", help_text=_("Songs crediting this artist id."))
    album = IdFilter(field_name="album_id", help_text=_("Songs on this album id."))
    genre = django_filters.CharFilter(lookup_expr="iexact", max_length=100)
    year_min = YearFilter(
        field_name="album__release_date__year",
        lookup_expr="gte",
        help_text=_("Songs on albums released in this year or later."),
    )
    year_max = YearFilter(
        field_name="album__release_date__year",
        lookup_expr="lte",
        help_text=_("Songs on albums released in this year or earlier."),
    )
    duration_min = IdFilter(
        field_name="duration", lookup_expr="gte", help_text=_("At least this many seconds.")
    )
    duration_max = IdFilter(
        field_name="duration", lookup_expr="lte", help_text=_("At most this many seconds.")
    )
    # "true" or "false", anything else 400 (a BooleanFilter takes "maybe" as no filter).
    liked = django_filters.TypedChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        coerce=lambda value: value == "true",
        method="filter_liked",
        help_text=_("true: the songs you like; false: the songs you do not like. Needs sign-in."),
    )

    class Meta:
        model = Song
        fields = [
            "search",
            "artist",
            "album",
            "genre",
            "year_min",
            "year_max",
            "duration_min",
            "duration_max",
            "liked",
        ]

    def filter_search(self, queryset: QuerySet[Song], name: str, value: str) -> QuerySet[Song]:
        return search_songs(queryset, value)

    def filter_artist(self, queryset: QuerySet[Song], name: str, value: int) -> QuerySet[Song]:
        credits = SongArtist.objects.filter(song=OuterRef("pk"), artist_id=value)
        return queryset.filter(Exists(credits))

    def filter_liked(self, queryset: QuerySet[Song], name: str, value: bool) -> QuerySet[Song]:
        user = self.request.user if self.request is not None else None
        if user is None or not user.is_authenticated:
            raise NotAuthenticated(gettext("Sign in to filter by the songs you like."))
        likes = Reaction.objects.filter(song=OuterRef("pk"), user=user, value=Reaction.Value.LIKE)
        return queryset.filter(Exists(likes) if value else ~Exists(likes))
