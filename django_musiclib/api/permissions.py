"""Permission classes used by default; each can be swapped through ``MUSICLIB``."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.views import APIView


class IsOwnerOrStaffOrReadOnly(permissions.IsAuthenticatedOrReadOnly):
    """Anyone reads; a signed-in user creates; the creator or staff change and delete.

    The owner is the object's ``created_by``.
    """

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        user = request.user
        return bool(
            user.is_staff or (obj.created_by_id is not None and obj.created_by_id == user.pk)
        )


class IsAuthorOrModeratorOrReadOnly(permissions.IsAuthenticatedOrReadOnly):
    """Anyone reads; a signed-in user posts; the author edits; the author or a moderator deletes.

    A moderator is a user with the model's ``delete`` permission
    (``musiclib_comments.delete_comment`` for comments).
    """

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        user = request.user
        is_author = obj.author_id is not None and obj.author_id == user.pk
        if request.method == "DELETE":
            opts = obj._meta
            return is_author or user.has_perm(f"{opts.app_label}.delete_{opts.model_name}")
        return is_author
