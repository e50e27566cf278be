from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from django_musiclib.albums.models import Album
from django_musiclib.albums.search import search_albums
from django_musiclib.albums.serializers import AlbumSerializer
from django_musiclib.albums.views import albums_with_artists
from django_musiclib.api.exceptions import AccountDeleted
from django_musiclib.api.filters import FilterBackend
from django_musiclib.api.pagination import KeysetPagination
from django_musiclib.api.views import MusicLibModelViewSet, MusicLibViewMixin
from django_musiclib.artists.models import Artist
from django_musiclib.artists.search import search_artists
from django_musiclib.artists.serializers import ArtistSerializer
from django_musiclib.conf import musiclib_settings
from django_musiclib.songs import rows, services
from django_musiclib.songs.audio_views import SongAudioMixin
from django_musiclib.songs.filters import SongFilter
from django_musiclib.songs.models import Reaction, Song
from django_musiclib.songs.search import search_songs
from django_musiclib.songs.serializers import SongSerializer

REACTION_ACTIONS = ("like", "dislike", "reaction")


def song_artists_prefetch() -> Prefetch:
    """A song's artists in credit order, in one query for a whole page."""
    artists = Artist.objects.only("id", "name").order_by("song_credits__position")
    return Prefetch("artists", queryset=artists)


def songs(*, release_sort: bool = False) -> QuerySet[Song]:
    """Songs, without their search vector.

    ``release_sort`` adds the album's release date as ``release_sort`` (the earliest date
    when there is none) for a list ordered by it.
    """
    queryset = Song.objects.defer("search_vector")
    if release_sort:
        queryset = queryset.annotate(
            release_sort=Coalesce("album__release_date", Value(datetime.date.min))
        )
    return queryset


def songs_for(user: Any, *, release_sort: bool = False) -> QuerySet[Song]:
    """Songs with what their representation needs, for ``user`` (who may be anonymous).

    The album, the credited artists and the user's own reaction come in one query each
    for the whole page, never joined to the songs: a search ranks its matches before it
    takes a page of them, and a join would be paid for every match.
    """
    queryset = songs(release_sort=release_sort).prefetch_related(
        song_artists_prefetch(), Prefetch("album", queryset=Album.objects.only("id", "title"))
    )
    if user is not None and user.is_authenticated:
        mine = Reaction.objects.filter(user=user).only("song_id", "value")
        queryset = queryset.prefetch_related(
            Prefetch("reactions", queryset=mine, to_attr="my_reactions")
        )
    return queryset


@contextmanager
def reaction_races() -> Iterator[None]:
    """A reaction to a song, or of an account, deleted meanwhile by another request."""
    try:
        yield
    except Song.DoesNotExist:
        raise Http404 from None
    except get_user_model().DoesNotExist:
        raise AccountDeleted from None


class SongViewSet(SongAudioMixin, MusicLibModelViewSet):
    """Songs: anyone reads, a signed-in user adds, the creator or staff change.

    Signed-in users like, dislike, or take back their reaction.
    """

    serializer_setting = "SONG_SERIALIZER"
    filter_backends = [FilterBackend]
    filterset_class = SongFilter
    searchable = True
    throttle_scopes = dict.fromkeys(REACTION_ACTIONS, "reaction")
    orderings = {
        "title": "title",
        "created_at": "created_at",
        "release_date": "release_sort",
        "like_count": "like_count",
    }

    @property
    def permission_setting(self) -> str:  # type: ignore[override]
        if self.action in REACTION_ACTIONS:
            return "REACTION_PERMISSION_CLASSES"
        return "CATALOG_PERMISSION_CLASSES"

    def get_queryset(self) -> QuerySet[Song]:
        release_sort = self.is_ordered_by("release_date")
        if self.writes_rows():
            return songs(release_sort=release_sort)
        return songs_for(self.request.user, release_sort=release_sort)

    def writes_rows(self) -> bool:
        """Whether the songs of this request are written from rows (see songs/rows.py): a
        list with the default serializer, in keyset pages (a page's cursor reads a row)."""
        pagination = self.pagination_class
        return (
            self.action == "list"
            and rows.serves(self.get_serializer_class())
            and pagination is not None
            and issubclass(pagination, KeysetPagination)
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not self.writes_rows():
            return super().list(request, *args, **kwargs)
        queryset = rows.song_rows(self.filter_queryset(self.get_queryset()), request.user)
        page = self.paginate_queryset(queryset)
        assert page is not None  # keyset pages: see writes_rows()
        return self.get_paginated_response(rows.represent(page, request))

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        # A host may open reactions to anyone; a reaction still needs a user.
        if self.action in REACTION_ACTIONS and not request.user.is_authenticated:
            raise NotAuthenticated

    def _reacted(self, request: Request, value: int) -> Response:
        song = self.get_object()
        with reaction_races():
            services.react(request.user, song, value)
        return Response(self.get_serializer(self.reread(song)).data)

    @extend_schema(request=None, summary="Like a song (again: no change)")
    @action(detail=True, methods=["post"])
    def like(self, request: Request, pk: str | None = None) -> Response:
        return self._reacted(request, Reaction.Value.LIKE)

    @extend_schema(request=None, summary="Dislike a song (again: no change)")
    @action(detail=True, methods=["post"])
    def dislike(self, request: Request, pk: str | None = None) -> Response:
        return self._reacted(request, Reaction.Value.DISLIKE)

    @extend_schema(request=None, responses={204: None}, summary="Take back a reaction")
    @action(detail=True, methods=["delete"])
    def reaction(self, request: Request, pk: str | None = None) -> Response:
        song = self.get_object()
        with reaction_races():
            services.unreact(request.user, song)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CatalogSearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=200, help_text=_("Words to look for."))
    limit = serializers.IntegerField(
        min_value=1, max_value=20, default=5, help_text=_("Results of each kind, at most.")
    )


@extend_schema_serializer(many=False)  # one object of three lists, not a list
class CatalogSearchResultSerializer(serializers.Serializer):
    songs = SongSerializer(many=True)
    albums = AlbumSerializer(many=True)
    artists = ArtistSerializer(many=True)


class CatalogSearchViewSet(MusicLibViewMixin, viewsets.GenericViewSet):
    """One search over the catalog: the best songs, albums and artists together."""

    permission_setting = "CATALOG_PERMISSION_CLASSES"

    @property
    def pagination_class(self) -> None:  # type: ignore[override]
        return None

    @extend_schema(
        summary="Search songs, albums and artists at once",
        parameters=[CatalogSearchQuerySerializer],
        responses=CatalogSearchResultSerializer,
    )
    def list(self, request: Request) -> Response:
        query = CatalogSearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        text, limit = query.validated_data["q"], query.validated_data["limit"]
        best = ("-search_rank", "-id")
        song_order = ("-search_rank", "-like_count", "-id")
        albums = search_albums(albums_with_artists(), text).order_by(*best)[:limit]
        artists = search_artists(Artist.objects.defer("search_vector"), text).order_by(*best)
        context = self.get_serializer_context()
        song_serializer = musiclib_settings.SONG_SERIALIZER
        if rows.serves(song_serializer):
            song_rows = rows.song_rows(search_songs(songs(), text), request.user)
            best_songs = rows.represent(list(song_rows.order_by(*song_order)[:limit]), request)
        else:
            found = search_songs(songs_for(request.user), text)
            best_songs = song_serializer(
                found.order_by(*song_order)[:limit], many=True, context=context
            ).data
        return Response(
            {
                "songs": best_songs,
                "albums": musiclib_settings.ALBUM_SERIALIZER(
                    albums, many=True, context=context
                ).data,
                "artists": musiclib_settings.ARTIST_SERIALIZER(
                    artists[:limit], many=True, context=context
                ).data,
            }
        )
