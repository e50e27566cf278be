"""Permission classes of the songs app; each can be swapped through ``MUSICLIB``."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.views import APIView

from django_musiclib.api.schema import reads_openly
from django_musiclib.conf import musiclib_settings


class CanReadSong(permissions.BasePermission):
    """Whoever may read the song may stream it.

    It asks the ``CATALOG_PERMISSION_CLASSES`` as they are configured now, for this
    (GET or HEAD) request: a host that closes the catalog closes streaming with it.
    """

    def has_permission(self, request: Request, view: APIView) -> bool:
        return all(
            permission().has_permission(request, view)
            for permission in musiclib_settings.CATALOG_PERMISSION_CLASSES
        )

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        return all(
            permission().has_object_permission(request, view, obj)
            for permission in musiclib_settings.CATALOG_PERMISSION_CLASSES
        )

    def reads_openly(self) -> bool:
        """For the OpenAPI schema: streaming is open where reading the catalog is."""
        return all(
            reads_openly(permission())
            for permission in musiclib_settings.CATALOG_PERMISSION_CLASSES
        )
