from __future__ import annotations

from typing import Any

from rest_framework import routers


class OptionalSlashMixin:
    """Every route answers with and without a trailing slash, never by a redirect."""

    include_format_suffixes = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.trailing_slash = "/?"


class Router(OptionalSlashMixin, routers.SimpleRouter):
    """The router of one app."""


class RootRouter(OptionalSlashMixin, routers.DefaultRouter):
    """The router of ``django_musiclib.urls``, with the API root view."""
