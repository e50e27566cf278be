"""Request parsers."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, for which a document nested deeper than Python parses is a 400
    like any other malformed JSON (DRF lets the ``RecursionError`` through: a 500)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            message = gettext("JSON parse error - the document is nested too deeply.")
            raise ParseError(message) from None
