from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from django_musiclib.api.views import MusicLibModelViewSet
from django_musiclib.artists.models import Artist
from django_musiclib.songs import services
from django_musiclib.songs.filters import SongFilter
from django_musiclib.songs.models import Reaction, Song

REACTION_ACTIONS = ("like", "dislike", "reaction")


def song_artists_prefetch() -> Prefetch:
    """A song's artists in credit order, in one query for a whole page."""
    return Prefetch("artists", queryset=Artist.objects.order_by("song_credits__position"))


def songs_for(user: Any) -> QuerySet[Song]:
    """Songs with what their representation needs, for ``user`` (who may be anonymous)."""
    queryset = Song.objects.select_related("album").prefetch_related(song_artists_prefetch())
    if user is not None and user.is_authenticated:
        mine = Reaction.objects.filter(song=OuterRef("pk"), user=user).values("value")[:1]
        queryset = queryset.annotate(my_reaction=Subquery(mine))
    return queryset


class SongViewSet(MusicLibModelViewSet):
    """Songs: anyone reads, a signed-in user adds, the creator or staff change.

    Signed-in users like, dislike, or take back their reaction.
    """

    serializer_setting = "SONG_SERIALIZER"
    filter_backends = [DjangoFilterBackend]
    filterset_class = SongFilter

    @property
    def permission_setting(self) -> str:  # type: ignore[override]
        if self.action in REACTION_ACTIONS:
            return "REACTION_PERMISSION_CLASSES"
        return "CATALOG_PERMISSION_CLASSES"

    def get_queryset(self) -> QuerySet[Song]:
        return songs_for(self.request.user)

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
