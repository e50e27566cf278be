"""Album covers: checked by their content, stored, and shown as a URL.

Covers are stored as they come, without Pillow: the first bytes must be those of a JPEG,
PNG, GIF or WebP image, and the type found there is the one the cover is served with.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from django_musiclib.albums.models import Album

#: Image signatures accepted as a cover, with the type and file name ending of each.
IMAGE_SIGNATURES: list[tuple[Callable[[bytes], bool], str, str]] = [
    (lambda head: head.startswith(b"\xff\xd8\xff"), "image/jpeg", "jpg"),
    (lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"), "image/png", "png"),
    (lambda head: head[:6] in (b"GIF87a", b"GIF89a"), "image/gif", "gif"),
    (lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP", "image/webp", "webp"),
]


def image_type(head: bytes) -> tuple[str, str] | None:
    """``(mime type, extension)`` of the image whose first bytes are ``head``, or None."""
    for matches, mime_type, extension in IMAGE_SIGNATURES:
        if matches(head):
            return mime_type, extension
    return None


def cover_type(name: str) -> str:
    """The type a stored cover is served with: its name ends as its content was found."""
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def set_cover_if_missing(album: Album, data: bytes) -> bool:
    """Store ``data`` as ``album``'s cover unless it has one, or ``data`` is no image.

    The row is changed only where its cover is still empty, so of two uploads racing for
    one album, one cover wins and the other file is removed. Returns whether it was set.
    """
    found = image_type(data[:16])
    if found is None or album.cover:
        return False
    _, extension = found
    storage = album.cover.storage
    digest = hashlib.sha256(data).hexdigest()[:16]
    name = storage.save(f"musiclib/covers/{album.pk}-{digest}.{extension}", ContentFile(data))
    try:
        updated = Album.objects.filter(pk=album.pk, cover="").update(cover=name)
    except BaseException:
        storage.delete(name)
        raise
    if not updated:
        storage.delete(name)
        return False
    album.cover.name = name
    return True


@extend_schema_field(
    {
        "type": "string",
        "format": "uri",
        "nullable": True,
        "readOnly": True,
        "description": "URL of the cover image, or null when the album has none.",
    }
)
class CoverURLField(serializers.Field):
    """The URL of ``GET /albums/{id}/cover``, or null for an album without a cover."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, album: Album) -> str | None:
        if not album.cover:
            return None
        return reverse(
            "musiclib:album-cover", kwargs={"pk": album.pk}, request=self.context.get("request")
        )
