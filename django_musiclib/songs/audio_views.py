"""The audio endpoints of songs: ``PUT /songs/{id}/audio`` and ``GET /songs/{id}/stream``."""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Mapping
from typing import Any

from django.http.response import HttpResponseBase
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from django_musiclib.api.streaming import Source, serve
from django_musiclib.conf import musiclib_settings
from django_musiclib.songs.audio_serializers import DuplicateAudio
from django_musiclib.songs.models import Song

#: Actions that answer with the bytes of a file rather than JSON.
FILE_ACTIONS = ("stream",)
#: Actions that take an audio upload.
UPLOAD_ACTIONS = ("create", "update", "partial_update", "audio")
#: Room for the other form fields and the multipart framing around the file.
MULTIPART_ALLOWANCE = 1024 * 1024

AUDIO_UPLOAD = inline_serializer(
    "SongAudioUpload", fields={"audio": serializers.FileField(help_text=_("The audio file."))}
)


class SongAudioMixin:
    """Adds audio to ``SongViewSet``: upload, replace, stream.

    Streaming is governed by ``MUSICLIB["STREAM_PERMISSION_CLASSES"]``; replacing the
    audio by the catalog classes, like any change to the song.
    """

    def get_permissions(self) -> list[Any]:
        if self.action in FILE_ACTIONS:  # type: ignore[attr-defined]
            return [permission() for permission in musiclib_settings.STREAM_PERMISSION_CLASSES]
        return super().get_permissions()  # type: ignore[misc]

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # A player may accept only audio/*: no renderer offers that, yet the file answers.
        force = force or self.action in FILE_ACTIONS  # type: ignore[attr-defined]
        return super().perform_content_negotiation(request, force)  # type: ignore[misc]

    def max_request_body_size(self, request: Request) -> int:
        # An upload may be as large as the largest audio file, and the other form fields
        # and the multipart framing around it. The exact size of the file is checked
        # again once it is parsed (SongSerializer).
        uploading = self.action in UPLOAD_ACTIONS  # type: ignore[attr-defined]
        if uploading and request.content_type.startswith("multipart/form-data"):
            return musiclib_settings.AUDIO_MAX_UPLOAD_SIZE + MULTIPART_ALLOWANCE
        return super().max_request_body_size(request)  # type: ignore[misc]

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)  # type: ignore[misc]
        if isinstance(exc, DuplicateAudio):
            response.data = {"detail": response.data["detail"], "song": exc.song_id}
        return response

    @extend_schema(
        request={"multipart/form-data": AUDIO_UPLOAD},
        summary="Upload or replace a song's audio",
        description="The file's tags fill the fields of the song that are empty. "
        "400 for a file that is not audio or is damaged, 409 when another song has the "
        "same file, 413 when it is larger than AUDIO_MAX_UPLOAD_SIZE.",
    )
    @action(detail=True, methods=["put"], parser_classes=[MultiPartParser])
    def audio(self, request: Request, pk: str | None = None) -> Response:
        song = self.get_object()  # type: ignore[attr-defined]
        data = request.data
        upload = data.get("audio") if isinstance(data, Mapping) else None
        if not upload:
            raise serializers.ValidationError(
                {"audio": [gettext("Send the audio file as 'audio'.")]}
            )
        serializer = self.get_serializer(  # type: ignore[attr-defined]
            song, data={"audio": upload}, partial=True
        )
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)  # type: ignore[attr-defined]
        return Response(self.get_serializer(self.reread(song)).data)  # type: ignore[attr-defined]

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            (206, "application/octet-stream"): OpenApiTypes.BINARY,
            304: OpenApiResponse(description="Not modified (If-None-Match, If-Modified-Since)."),
            404: OpenApiResponse(description="No such song, or it has no audio."),
            416: OpenApiResponse(description="The Range asks for bytes the file lacks."),
        },
        summary="Stream a song's audio (Range requests, HEAD)",
        description="Answers with the file's own Content-Type. A single `Range: bytes=` "
        "request gets 206 with Content-Range; `If-Range`, `ETag` and `Last-Modified` "
        "work as in RFC 9110.",
    )
    @action(detail=True, methods=["get"])
    def stream(self, request: Request, pk: str | None = None) -> HttpResponseBase:
        song: Song = self.get_object()  # type: ignore[attr-defined]
        return serve(request, audio_source(song))


def audio_source(song: Song) -> Source:
    """The file behind ``song``: in the storage, or linked in place on this machine."""
    content_type = song.audio_mime_type or "application/octet-stream"
    extension = mimetypes.guess_extension(content_type) or ""
    if song.audio.name:
        name = song.audio.name
        extension = os.path.splitext(name)[1]
        return Source(
            open=lambda: song.audio.storage.open(name, "rb"),
            size=song.audio_size if song.audio_size is not None else song.audio.size,
            content_type=content_type,
            filename=f"{song.title}{extension}",
            etag=_etag(song),
            last_modified=song.updated_at,
            storage_name=name,
        )
    if song.source_path:
        path = song.source_path
        try:
            size = os.stat(path).st_size
        except OSError:
            raise NotFound(gettext("The audio file of this song is missing.")) from None
        return Source(
            open=lambda: open(path, "rb"),
            size=size,
            content_type=content_type,
            filename=f"{song.title}{os.path.splitext(path)[1] or extension}",
            etag=_etag(song),
            last_modified=song.updated_at,
            local_path=path,
        )
    raise NotFound(gettext("This song has no audio."))


def _etag(song: Song) -> str:
    return f'"{song.audio_checksum}"' if song.audio_checksum else f'"{song.pk}-{song.audio_size}"'
