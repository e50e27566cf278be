"""Pagination of every list: keyset (cursor) pages, so page 20 000 costs what page 1 costs.

A list is ordered by one key (``?ordering=title``, ``-like_count``...) with the primary
key as tie-breaker. A cursor holds the key and id of the row a page ends at; the next
page is the rows after it, found through an index. No page counts rows: there is no
``COUNT(*)`` over a large table.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import math
from collections import OrderedDict
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, Q, QuerySet, prefetch_related_objects
from django.utils.translation import gettext
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from django_musiclib.conf import musiclib_settings


class KeysetPagination(pagination.BasePagination):
    """Cursor pages over ``view.ordering_fields`` (public name -> field or annotation).

    ``?ordering=`` picks one of them, ``-`` for descending; the default is
    ``view.default_ordering``. ``?page_size=`` is clamped to ``MUSICLIB["MAX_PAGE_SIZE"]``.

    The queryset may give model instances or ``values()`` rows; rows must include the
    primary key and the field the list is ordered by, which the cursor holds.
    """

    cursor_query_param = "cursor"
    ordering_query_param = "ordering"
    page_size_query_param = "page_size"

    # Only a queryset can be paged by keyset, not any sequence of rows.
    def paginate_queryset(  # type: ignore[override]
        self, queryset: QuerySet, request: Request, view: Any = None
    ) -> list[Model] | list[dict[str, Any]]:
        self.request = request
        self.base_url = request.build_absolute_uri()
        self.page_size = self.get_page_size(request)
        self.ordering = self.get_ordering(request, view)
        _name, field, descending = self.ordering
        self.output_field = _output_field(queryset, field)
        self.pk_name = queryset.model._meta.pk.attname
        position = self.decode_cursor(request, queryset)

        # Reading backwards (a "previous" cursor) flips the order, then the page.
        backwards = bool(position and position["back"])
        forward_desc = descending != backwards
        ordered = queryset.order_by(*(f"-{f}" if forward_desc else f for f in (field, "pk")))
        if position is not None:
            after = "lt" if forward_desc else "gt"
            value = position["value"]
            ordered = ordered.filter(
                Q(**{f"{field}__{after}": value})
                | Q(**{field: value, f"pk__{after}": position["pk"]})
            )

        # One row past the page says whether there is more; it is fetched, not serialized
        # and not prefetched.
        lookups = ordered._prefetch_related_lookups  # type: ignore[attr-defined]
        if lookups:
            ordered = ordered.prefetch_related(None)
        rows = list(ordered[: self.page_size + 1])
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if lookups:
            prefetch_related_objects(rows, *lookups)
        if backwards:
            rows.reverse()

        self.field = field
        self.rows = rows
        if backwards:
            self.has_next, self.has_previous = True, more
        else:
            self.has_next, self.has_previous = more, position is not None
        return rows

    def get_page_size(self, request: Request) -> int:
        default = musiclib_settings.PAGE_SIZE
        try:
            size = int(request.query_params.get(self.page_size_query_param, default))
        except (TypeError, ValueError):
            return default
        if size < 1:
            return default
        return min(size, musiclib_settings.MAX_PAGE_SIZE)

    def get_ordering(self, request: Request, view: Any) -> tuple[str, str, bool]:
        """The ordering asked for, as (public name, queryset field, descending)."""
        fields: dict[str, str] = view.ordering_fields
        value = request.query_params.get(self.ordering_query_param) or view.get_default_ordering()
        name = value.removeprefix("-")
        if name not in fields:
            choices = ", ".join(f"{n}, -{n}" for n in fields)
            message = gettext("Unknown ordering %(value)s. Choose from: %(choices)s.")
            raise ValidationError(
                {self.ordering_query_param: [message % {"value": repr(value), "choices": choices}]}
            )
        return name, fields[name], value.startswith("-")

    def decode_cursor(self, request: Request, queryset: QuerySet) -> dict[str, Any] | None:
        encoded = request.query_params.get(self.cursor_query_param)
        if not encoded:
            return None
        invalid = ValidationError(
            {
                self.cursor_query_param: [
                    gettext("This cursor is not valid for this list and ordering.")
                ]
            }
        )
        try:
            data = json.loads(base64.urlsafe_b64decode(encoded.encode("ascii")))
            if not isinstance(data, dict) or data["o"] != self.ordering_key():
                raise invalid
            value = self.output_field.to_python(data["v"])
            pk = queryset.model._meta.pk.to_python(data["k"])
        except (
            binascii.Error,
            UnicodeError,
            ValueError,
            TypeError,
            KeyError,
            OverflowError,
            RecursionError,  # JSON nested deeper than Python parses
            DjangoValidationError,
        ) as exc:
            raise invalid from exc
        # Only a value some row could hold: no null (no query can compare it), no number
        # past 64 bits, no date out of the database's range (encoding it back would differ).
        if not (_is_stored_value(value, data["v"]) and _is_stored_value(pk, data["k"])):
            raise invalid
        return {"value": value, "pk": pk, "back": bool(data.get("b"))}

    def ordering_key(self) -> str:
        public, _field, descending = self.ordering
        return f"-{public}" if descending else public

    def encode_cursor(self, row: Model | dict[str, Any], *, back: bool) -> str:
        value = _to_json(_attribute(row, self.field))
        pk = row[self.pk_name] if isinstance(row, dict) else row.pk
        data = {"o": self.ordering_key(), "v": value, "k": pk}
        if back:
            data["b"] = 1
        raw = json.dumps(data, separators=(",", ":")).encode()
        encoded = base64.urlsafe_b64encode(raw).decode("ascii")
        return replace_query_param(self.base_url, self.cursor_query_param, encoded)

    def get_next_link(self) -> str | None:
        if not (self.has_next and self.rows):
            return None
        return self.encode_cursor(self.rows[-1], back=False)

    def get_previous_link(self) -> str | None:
        if not self.has_previous:
            return None
        if not self.rows:
            return remove_query_param(self.base_url, self.cursor_query_param)
        return self.encode_cursor(self.rows[0], back=True)

    def get_paginated_response(self, data: list[Any]) -> Response:
        return Response(
            OrderedDict(
                [
                    ("next", self.get_next_link()),
                    ("previous", self.get_previous_link()),
                    ("results", data),
                ]
            )
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The next page, or null on the last page.",
                },
                "previous": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The previous page, or null on the first page.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        names = [*(["relevance"] if view.searchable else []), *view.orderings]
        orderings = [o for name in names for o in (name, f"-{name}")]
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The page to read: take it from `next` or `previous`.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": "Rows per page, up to the server's maximum (100 by default).",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.ordering_query_param,
                "required": False,
                "in": "query",
                "description": "The order of the list; `-` for descending. `relevance` "
                "orders a search (and is its default).",
                "schema": {"type": "string", "enum": orderings},
            },
        ]


def _attribute(row: Model | dict[str, Any], field: str) -> Any:
    if isinstance(row, dict):  # a values() row
        return row[field]
    value: Any = row
    for part in field.split("__"):
        value = getattr(value, part)
    return value


def _output_field(queryset: QuerySet, field: str) -> Any:
    """The model field or annotation output field that orders the list."""
    annotation = queryset.query.annotations.get(field)
    if annotation is not None:
        return annotation.output_field
    return queryset.model._meta.get_field(field)


def _is_stored_value(value: Any, raw: Any) -> bool:
    """Whether ``value``, decoded from the cursor's ``raw``, is one a page could end at.

    A cursor holds what :func:`_to_json` made of a row's value, so anything else was not
    made here: a null, a number written as a string. Whole numbers fit 64 bits, and
    datetimes are in UTC when time zones are on (another offset may be out of range).
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return False
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        return False
    utc = datetime.timedelta(0) if settings.USE_TZ else None
    if isinstance(value, datetime.datetime) and value.utcoffset() != utc:
        return False
    try:
        return _to_json(value) == raw
    except (AttributeError, OverflowError, ValueError):
        return False


def _to_json(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, str)):
        return value
    return value.isoformat()
