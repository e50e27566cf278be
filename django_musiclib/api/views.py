"""Base classes of every django-musiclib view: settings are read per request."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Model, ProtectedError
from django.http import Http404
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext
from rest_framework import parsers, viewsets
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.generics import get_object_or_404
from rest_framework.pagination import BasePagination
from rest_framework.parsers import BaseParser
from rest_framework.permissions import BasePermission, OperandHolder, SingleOperandHolder
from rest_framework.request import Request
from rest_framework.schemas.inspectors import ViewInspector
from rest_framework.serializers import BaseSerializer
from rest_framework.throttling import BaseThrottle

from django_musiclib.api.body_size import limit_body
from django_musiclib.api.db import check_deferred_constraints
from django_musiclib.api.exceptions import AccountDeleted, Conflict
from django_musiclib.api.parsers import JSONParser
from django_musiclib.api.schema import MusicLibSchema
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

    schema: ViewInspector | None = MusicLibSchema()
    # Any path segment reaches the view, so a malformed id gets the API's JSON 404 rather
    # than the host's page for an unknown URL (DRF's default also stops at a dot).
    lookup_value_regex = r"[^/]+"
    permission_setting: str = ""
    serializer_setting: str = ""
    #: The throttle scope of each action that has one (see ``api.throttling``).
    throttle_scopes: dict[str, str] = {}

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

    @property
    def musiclib_throttle_scope(self) -> str | None:
        """The throttle scope of the action called, or None."""
        return self.throttle_scopes.get(getattr(self, "action", None) or "")

    def get_parsers(self) -> list[BaseParser]:
        # The project's parsers, with DRF's JSON parser replaced by ours (see api.parsers).
        return [
            JSONParser() if type(parser) is parsers.JSONParser else parser
            for parser in super().get_parsers()
        ]

    def get_throttles(self) -> list[BaseThrottle]:
        return [
            *super().get_throttles(),
            *(throttle() for throttle in musiclib_settings.THROTTLE_CLASSES),
        ]

    def max_request_body_size(self, request: Request) -> int:
        """The largest body this request may have, in bytes."""
        return musiclib_settings.MAX_REQUEST_BODY_SIZE

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # A method the view does not answer is 405 whoever asks, before credentials and
        # permissions are looked at (they would answer 401 or 403).
        method = request.method.lower() if request.method else ""
        if method not in self.http_method_names or not hasattr(self, method):
            raise MethodNotAllowed(request.method or "")
        # Before anything reads the body: authentication (a session's CSRF check reads a
        # form), permissions and the handler.
        limit_body(request._request, self.max_request_body_size(request))
        super().initial(request, *args, **kwargs)

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

    def reread(self, instance: Any) -> Any:
        """``instance`` read again through ``get_queryset()`` after a write; 404 if another
        request deleted it meanwhile."""
        return get_object_or_404(self.get_queryset(), pk=instance.pk)

    def perform_create(self, serializer: Any) -> None:
        user = self.request.user
        owner = user if user.is_authenticated else None
        try:
            save_racing_deletes(serializer, **{self.owner_field: owner})
        except IntegrityError:
            # The data is valid: what the database refused may be the owner, whose
            # account another request deleted meanwhile.
            if owner is not None and not type(owner)._default_manager.filter(pk=owner.pk).exists():
                raise AccountDeleted from None
            raise

    def perform_update(self, serializer: Any) -> None:
        save_racing_deletes(serializer)

    def perform_destroy(self, instance: Any) -> None:
        try:
            with transaction.atomic():
                # Writes that refer to the object wait until it is gone, then fail; the
                # rows it protects or takes with it are all seen.
                lock_or_404(instance)
                instance.delete()
        except ProtectedError as exc:
            referrers, count = _describe_referrers(instance, exc.protected_objects)
            raise Conflict(
                ngettext(
                    # Translators: "This artist cannot be deleted while 1 album and 2 songs
                    # refer to it."
                    "This %(model)s cannot be deleted while %(referrers)s refers to it.",
                    "This %(model)s cannot be deleted while %(referrers)s refer to it.",
                    count,
                )
                % {"model": instance._meta.verbose_name, "referrers": referrers}
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
    # A model has two names, as Django's admin uses them: n is 1 or more here.
    parts = [
        # Translators: a number of objects: "1 album", "2 songs".
        gettext("%(count)d %(name)s")
        % {
            "count": n,
            "name": model._meta.verbose_name if n == 1 else model._meta.verbose_name_plural,
        }
        for model, n in sorted(counts.items(), key=lambda item: str(item[0]._meta.verbose_name))
    ]
    return get_text_list(parts, gettext("and")), sum(counts.values())


def lock_or_404(instance: Model) -> None:
    """Lock the row of ``instance`` until the transaction ends; 404 if it is gone.

    Another request may have deleted it since the view read it.
    """
    rows = type(instance)._base_manager.select_for_update().filter(pk=instance.pk)
    if not rows.exists():
        raise Http404


def save_racing_deletes(serializer: Any, **kwargs: Any) -> None:
    """Save a valid serializer in one transaction, safe from deletions at the same moment.

    An object being changed is locked first, and is 404 once deleted (saving it would
    fail, or write it back). When an object the data refers to (the song of a comment,
    an artist of a song) was deleted after validation, the database refuses the write:
    the data is then validated again, and gets the 400 it would get now.
    """
    instance = serializer.instance
    try:
        with transaction.atomic():
            if instance is not None:
                lock_or_404(instance)
            serializer.save(**kwargs)
            check_deferred_constraints()
    except IntegrityError:
        again = type(serializer)(
            instance,
            data=serializer.initial_data,
            partial=serializer.partial,
            context=serializer.context,
        )
        again.is_valid(raise_exception=True)
        raise
