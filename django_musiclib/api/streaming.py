"""Serving stored files: byte ranges, validators, HEAD, or a hand-off to the web server.

:func:`serve` answers a GET or HEAD for one file. It never reads the file whole: a full
answer is a ``FileResponse`` (the WSGI server may use ``sendfile``), a range is a
generator over chunks. With ``MUSICLIB["STREAM_SERVER"]`` set, it answers with an
``X-Accel-Redirect`` or ``X-Sendfile`` header and the web server sends the bytes, ranges
included.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO
from urllib.parse import quote

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

from django_musiclib.api.storage import musiclib_storage
from django_musiclib.conf import musiclib_settings

CHUNK_SIZE = 64 * 1024
# At most 18 ASCII digits, so int() always takes them: a longer position is 416.
_RANGE = re.compile(r"^\s*([0-9]{0,18})\s*-\s*([0-9]{0,18})\s*$")


@dataclass(frozen=True)
class Source:
    """A file to serve: either ``storage_name`` in the storage, or ``local_path`` on disk."""

    open: Callable[[], IO[bytes]]
    size: int
    content_type: str
    filename: str
    etag: str
    last_modified: datetime | None = None
    storage_name: str | None = None
    local_path: str | None = None


class RangeNotSatisfiable(Exception):
    """The Range header asks for bytes the file does not have, or cannot be read."""


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """The first and last byte (inclusive) that a ``Range`` header asks for.

    None means "send the whole file": another unit than bytes, or several ranges, which
    a server may answer in full. A bytes range that is malformed, starts past the end or
    asks for nothing raises :class:`RangeNotSatisfiable`.
    """
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes":
        return None
    if "," in spec:
        return None
    match = _RANGE.match(spec)
    if match is None or not (match.group(1) or match.group(2)):
        raise RangeNotSatisfiable
    first, last = match.groups()
    if not first:
        # A suffix: the last N bytes.
        length = int(last)
        if length == 0 or size == 0:
            raise RangeNotSatisfiable
        return max(0, size - length), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if end < start or start >= size:
        raise RangeNotSatisfiable
    return start, min(end, size - 1)


def _if_range_holds(request: HttpRequest, source: Source) -> bool:
    """Whether a Range may be applied: no ``If-Range``, or one that names this version."""
    value = request.headers.get("If-Range")
    if value is None:
        return True
    value = value.strip()
    if value.startswith(('"', "W/")):
        # A weak tag never matches: a range needs a byte-for-byte identical file.
        return value == source.etag
    since = parse_http_date_safe(value)
    return (
        since is not None
        and source.last_modified is not None
        and int(source.last_modified.timestamp()) == since
    )


class _FileSpan:
    """``length`` bytes of ``fileobj`` from ``start``, in chunks.

    The response closes it, and so the file, when the answer ends, even one that was never
    read (a client gone before the first byte), which a generator's ``finally`` misses.
    """

    def __init__(self, fileobj: IO[bytes], start: int, length: int) -> None:
        self.fileobj = fileobj
        self.start = start
        self.length = length

    def __iter__(self) -> Iterator[bytes]:
        self.fileobj.seek(self.start)
        length = self.length
        while length > 0:
            chunk = self.fileobj.read(min(CHUNK_SIZE, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk

    def close(self) -> None:
        self.fileobj.close()


def _handoff(source: Source) -> HttpResponse | None:
    """The response that lets the web server send the file, or None to send it here."""
    mode = musiclib_settings.STREAM_SERVER
    if mode == "x-accel-redirect":
        if source.storage_name:
            target = musiclib_settings.STREAM_SERVER_PREFIX + quote(source.storage_name)
        else:
            target = musiclib_settings.STREAM_SERVER_LIBRARY_PREFIX + quote(
                str(source.local_path).lstrip("/")
            )
        header = "X-Accel-Redirect"
    elif mode == "x-sendfile":
        if source.storage_name:
            try:
                target = musiclib_storage().path(source.storage_name)
            except NotImplementedError:
                # A storage without local files (object storage): Django sends the bytes.
                return None
        else:
            target = str(source.local_path)
        header = "X-Sendfile"
    else:
        return None
    response = HttpResponse(content_type=source.content_type)
    response[header] = target
    return response


def serve(request: HttpRequest, source: Source) -> HttpResponseBase:
    """Answer a GET or HEAD for ``source``, honouring Range, If-Range and validators."""
    last_modified = source.last_modified
    timestamp = int(last_modified.timestamp()) if last_modified else None
    conditional = get_conditional_response(request, etag=source.etag, last_modified=timestamp)
    if conditional is None:
        conditional = _handoff(source)
    if conditional is not None:
        return _with_validators(conditional, source)

    span: tuple[int, int] | None = None
    range_header = request.headers.get("Range")
    if range_header and _if_range_holds(request, source):
        try:
            span = parse_range(range_header, source.size)
        except RangeNotSatisfiable:
            response: HttpResponseBase = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{source.size}"
            return _with_validators(response, source)

    start, end = span if span is not None else (0, source.size - 1)
    length = end - start + 1 if source.size else 0
    if request.method == "HEAD":
        response = HttpResponse(status=206 if span else 200, content_type=source.content_type)
    elif span is None:
        response = FileResponse(source.open(), content_type=source.content_type)
    else:
        response = StreamingHttpResponse(
            _FileSpan(source.open(), start, length),
            status=206,
            content_type=source.content_type,
        )
    if span is not None:
        response["Content-Range"] = f"bytes {start}-{end}/{source.size}"
    response["Content-Length"] = str(length)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(source.filename)}"
    return _with_validators(response, source)


def _with_validators(response: HttpResponseBase, source: Source) -> HttpResponseBase:
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = source.etag
    if source.last_modified is not None:
        response["Last-Modified"] = http_date(source.last_modified.timestamp())
    # The answer depends on who asks (permissions): no shared cache may keep it.
    response["Cache-Control"] = "private"
    return response
