"""``GET /albums/{id}/cover``: the album's cover image."""

from __future__ import annotations

import os
from typing import Any

from django.http.response import HttpResponseBase
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request

from django_musiclib.albums.covers import cover_type
from django_musiclib.albums.models import Album
from django_musiclib.api.streaming import Source, serve


class AlbumCoverMixin:
    """Adds ``cover`` to ``AlbumViewSet``; whoever may read the album may see its cover."""

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # A browser asks for image/*: no renderer offers that, yet the image answers.
        force = force or self.action == "cover"  # type: ignore[attr-defined]
        return super().perform_content_negotiation(request, force)  # type: ignore[misc]

    @extend_schema(
        responses={
            (200, "image/*"): OpenApiTypes.BINARY,
            304: OpenApiResponse(description="Not modified (If-None-Match, If-Modified-Since)."),
            404: OpenApiResponse(description="No such album, or it has no cover."),
        },
        summary="The album's cover image",
    )
    @action(detail=True, methods=["get"])
    def cover(self, request: Request, pk: str | None = None) -> HttpResponseBase:
        album: Album = self.get_object()  # type: ignore[attr-defined]
        name = album.cover.name
        if not name:
            raise NotFound(gettext("This album has no cover."))
        storage = album.cover.storage
        try:
            size = storage.size(name)
        except OSError:  # removed from the storage behind the database's back
            raise NotFound(gettext("The cover file of this album is missing.")) from None
        stem = os.path.splitext(os.path.basename(name))[0]
        return serve(
            request,
            Source(
                open=lambda: storage.open(name, "rb"),
                size=size,
                content_type=cover_type(name),
                filename=os.path.basename(name),
                # The name holds a digest of the image: it changes when the image does.
                etag=f'"{stem}"',
                last_modified=album.updated_at,
                storage_name=name,
            ),
        )
