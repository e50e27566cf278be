from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet, Value
from django.db.models.functions import Coalesce
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from django_musiclib.albums.models import Album
from django_musiclib.albums.search import search_albums
from django_musiclib.albums.serializers import AlbumSerializer
from django_musiclib.albums.views import albums_with_artists
from django_musiclib.api.views import MusicLibModelViewSet, MusicLibViewMixin
from django_musiclib.artists.models import Artist
from django_musiclib.artists.search import search_artists
from django_musiclib.artists.serializers import ArtistSerializer
from django_musiclib.conf import musiclib_settings
from django_musiclib.songs import services
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


def songs_for(user: Any, *, release_sort: bool = False) -> QuerySet[Song]:
    """Songs with what their representation needs, for ``user`` (who may be anonymous).

    The album, the credited artists and the user's own reaction come in one query each
    for the whole page, never joined to the songs: a search ranks its matches before it
    takes a page of them, and a join would be paid for every match.

    ``release_sort`` adds the album's release date as ``release_sort`` (the earliest date
    when there is none) for a list ordered by it.
    """
    queryset = Song.objects.defer("search_vector").prefetch_related(
        song_artists_prefetch(), Prefetch("album", queryset=Album.objects.only("id", "title"))
    )
    if user is not None and user.is_authenticated:
        mine = Reaction.objects.filter(user=user).only("song_id", "value")
        queryset = queryset.prefetch_related(
            Prefetch("reactions", queryset=mine, to_attr="my_reactions")
        )
    if release_sort:
        queryset = queryset.annotate(
            release_sort=Coalesce("album__release_date", Value(datetime.date.min))
        )
    return queryset


class SongViewSet(SongAudioMixin, MusicLibModelViewSet):
    """Songs: anyone reads, a signed-in user adds, the creator or staff change.

    Signed-in users like, dislike, or take back their reaction.
    """

    serializer_setting = "SONG_SERIALIZER"
    filter_backends = [DjangoFilterBackend]
    filterset_class = SongFilter
    searchable = True
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
        return songs_for(self.request.user, release_sort=self.is_ordered_by("release_date"))

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        # A host may open reactions to anyone; a reaction still needs a user.
        if self.action in REACTION_ACTIONS and not request.user.is_authenticated:
            raise NotAuthenticated

    def _reacted(self, request: Request, value: int) -> Response:
        song = self.get_object()
        services.react(request.user, song, value)
        song = self.get_queryset().get(pk=song.pk)
        return Response(self.get_serializer(song).data)

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
        services.unreact(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class CatalogSearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=200, help_text="Words to look for.")
    limit = serializers.IntegerField(
        min_value=1, max_value=20, default=5, help_text="Results of each kind, at most."
    )


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
        found = search_songs(songs_for(request.user), text)
        # search_songs() annotates search_rank, which the type of its queryset cannot show.
        songs = found.order_by("-search_rank", "-like_count", "-id")[:limit]  # type: ignore[misc]
        albums = search_albums(albums_with_artists(), text).order_by(*best)[:limit]
        artists = search_artists(Artist.objects.defer("search_vector"), text).order_by(*best)
        context = self.get_serializer_context()
        return Response(
            {
                "songs": musiclib_settings.SONG_SERIALIZER(songs, many=True, context=context).data,
                "albums": musiclib_settings.ALBUM_SERIALIZER(
                    albums, many=True, context=context
                ).data,
                "artists": musiclib_settings.ARTIST_SERIALIZER(
                    artists[:limit], many=True, context=context
                ).data,
            }
        )
