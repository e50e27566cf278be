"""The largest request body a view reads: 413 past it, before the body is parsed.

DRF's parsers read the request stream themselves, so Django's
``DATA_UPLOAD_MAX_MEMORY_SIZE`` does not bound a JSON body. :func:`limit_body` refuses a
request whose ``Content-Length`` is over the limit, and caps the stream the parsers read,
for a body longer than it said (a server that does not cut the body at its
``Content-Length``, such as Django's ASGI handler).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext

from django_musiclib.api.exceptions import PayloadTooLarge


def too_large(limit: int, size: int | None = None) -> PayloadTooLarge:
    if size is None:
        return PayloadTooLarge(
            gettext("The request is larger than %(limit)d bytes, the most accepted here.")
            % {"limit": limit}
        )
    return PayloadTooLarge(
        gettext("The request is %(size)d bytes; the most accepted here is %(limit)d bytes.")
        % {"size": size, "limit": limit}
    )


class CappedStream:
    """A request stream that raises :class:`PayloadTooLarge` once more than ``limit``
    bytes are read from it."""

    def __init__(self, stream: Any, limit: int) -> None:
        self.stream = stream
        self.limit = limit
        self.remaining = limit

    def _count(self, data: bytes) -> bytes:
        self.remaining -= len(data)
        if self.remaining < 0:
            raise too_large(self.limit)
        return data

    def _size(self, size: int | None) -> int:
        # One byte past the limit tells a body that is too long from one that fits exactly.
        allowed = self.remaining + 1
        return allowed if size is None or size < 0 else min(size, allowed)

    def read(self, size: int | None = -1) -> bytes:
        return self._count(self.stream.read(self._size(size)))

    def readline(self, size: int | None = -1) -> bytes:
        return self._count(self.stream.readline(self._size(size)))

    def __getattr__(self, name: str) -> Any:
        # close() and the rest, as the stream has them.
        return getattr(self.stream, name)


def limit_body(request: HttpRequest, limit: int) -> None:
    """Refuse ``request`` with 413 if it declares a body over ``limit`` bytes, and make
    reading more than ``limit`` bytes of it raise the same."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:  # not a number: Django reads no body then
        length = 0
    if length > limit:
        raise too_large(limit, length)
    # Django's request reads its body from _stream (HttpRequest.read(), .body, .POST).
    stream = getattr(request, "_stream", None)
    if stream is not None and not getattr(request, "_read_started", False):
        request._stream = CappedStream(stream, limit)  # type: ignore[assignment]
