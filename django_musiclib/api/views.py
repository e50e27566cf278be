"""Base classes of every django-musiclib view: settings are read per request."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import ProtectedError
from drf_spectacular.openapi import AutoSchema
from rest_framework import viewsets
from rest_framework.authentication import BaseAuthentication
from rest_framework.pagination import BasePagination
from rest_framework.permissions import BasePermission, OperandHolder, SingleOperandHolder
from rest_framework.schemas.inspectors import ViewInspector
from rest_framework.serializers import BaseSerializer

from django_musiclib.api.exceptions import Conflict
from django_musiclib.conf import musiclib_settings

if TYPE_CHECKING:
    from rest_framework.generics import GenericAPIView

    _ViewBase = GenericAPIView
else:
    _ViewBase = object

# A permission class, or classes combined with ``&``, ``|`` and ``~``.
PermissionClass = type[BasePermission] | OperandHolder | SingleOperandHolder


class MusicLibViewMixin(_ViewBase):
    """Authentication and pagination come from ``MUSICLIB`` at request time.

    Subclasses name the ``MUSICLIB`` key of their permission classes in
    ``permission_setting`` and of their serializer in ``serializer_setting``.
    """

    schema: ViewInspector | None = AutoSchema()
    permission_setting: str = ""
    serializer_setting: str = ""

    # An action may still pin its own classes (``@action(authentication_classes=[])``):
    # a value set on the view instance wins over the setting.

    @property
    def authentication_classes(self) -> Sequence[type[BaseAuthentication]]:
        return self.__dict__.get(
            "_authentication_classes", musiclib_settings.AUTHENTICATION_CLASSES
        )

    @authentication_classes.setter
    def authentication_classes(self, value: Sequence[type[BaseAuthentication]]) -> None:
        self.__dict__["_authentication_classes"] = value

    @property
    def permission_classes(self) -> Sequence[PermissionClass]:
        default = getattr(musiclib_settings, self.permission_setting)
        return self.__dict__.get("_permission_classes", default)

    @permission_classes.setter
    def permission_classes(self, value: Sequence[PermissionClass]) -> None:
        self.__dict__["_permission_classes"] = value

    @property
    def pagination_class(self) -> type[BasePagination] | None:  # type: ignore[override]
        return musiclib_settings.PAGINATION_CLASS

    def get_serializer_class(self) -> type[BaseSerializer]:
        return getattr(musiclib_settings, self.serializer_setting)


class MusicLibModelViewSet(MusicLibViewMixin, viewsets.ModelViewSet):
    """A model viewset that records who created an object, orders its list, and answers
    409 when other rows protect an object from deletion.

    ``owner_field`` names the model's user field set on creation. It stays empty for an
    anonymous request, which only a host's own permission classes would let through.

    ``orderings`` maps each public ``?ordering=`` name to a field or annotation of the
    queryset; ``default_ordering`` applies without one. A ``searchable`` view's filters
    take ``?search=``; while one is given, the list may also be ordered by ``relevance``
    (the queryset's ``search_rank``), and is by default.
    """

    owner_field = "created_by"
    orderings: dict[str, str] = {"created_at": "created_at"}
    default_ordering = "-created_at"
    searchable = False

    def is_searching(self) -> bool:
        request = getattr(self, "request", None)
        if not self.searchable or request is None:
            return False
        return bool(request.query_params.get("search", "").strip())

    @property
    def ordering_fields(self) -> dict[str, str]:
        if self.is_searching():
            return {"relevance": "search_rank", **self.orderings}
        return self.orderings

    def is_ordered_by(self, name: str) -> bool:
        """Whether the list is asked for in the order ``name`` (either direction)."""
        request = getattr(self, "request", None)
        ordering = request.query_params.get("ordering", "") if request is not None else ""
        return ordering.removeprefix("-") == name

    def get_default_ordering(self) -> str:
        return "-relevance" if self.is_searching() else self.default_ordering

    def perform_create(self, serializer: Any) -> None:
        user = self.request.user
        serializer.save(**{self.owner_field: user if user.is_authenticated else None})

    def perform_destroy(self, instance: Any) -> None:
        try:
            instance.delete()
        except ProtectedError as exc:
            referrers, count = _describe_referrers(instance, exc.protected_objects)
            raise Conflict(
                f"This {instance._meta.verbose_name} cannot be deleted while {referrers} "
                f"{'refers' if count == 1 else 'refer'} to it."
            ) from exc


def _describe_referrers(instance: Any, protected: Iterable[Any]) -> tuple[str, int]:
    """Name what holds on to ``instance`` ("1 album and 2 songs", not link rows), and count it.

    A protected row that only links ``instance`` to another object (a song's artist
    credit) is counted as that other object.
    """
    counts: Counter[Any] = Counter()
    for obj in protected:
        others = [
            field.related_model
            for field in obj._meta.concrete_fields
            if field.many_to_one and not isinstance(instance, field.related_model)
        ]
        counts[others[0] if len(others) == 1 else type(obj)] += 1
    parts = [
        f"{n} {model._meta.verbose_name if n == 1 else model._meta.verbose_name_plural}"
        for model, n in sorted(counts.items(), key=lambda item: str(item[0]._meta.verbose_name))
    ]
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return text, sum(counts.values())
