"""What each installed app holds about a user, gathered for ``GET /users/me/export``.

Each app registers its sections when it is ready, next to the receivers that clean up a
deleted account. ``accounts`` reads the registry and so never imports the other apps, and
the other apps never import ``accounts``: an app that is not installed adds no section.

A section is also a piece of the OpenAPI schema, so it is known before any user asks:
the serializer that shows its rows documents them too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from rest_framework import serializers


@dataclass(frozen=True)
class UserDataSection:
    """One key of the export.

    ``rows(user)`` answers the user's rows (a queryset, a list, or one object when
    ``many`` is false) in a fixed number of queries, however many rows there are;
    ``serializer_class`` shows one row and documents it in the schema. The section counts
    while ``app`` (a dotted app name, as in ``INSTALLED_APPS``) is installed, or always
    when ``app`` is None.
    """

    key: str
    serializer_class: type[serializers.BaseSerializer]
    rows: Callable[[Any], Iterable[Any] | Any]
    many: bool = True
    app: str | None = None


_sections: dict[str, UserDataSection] = {}


def register_user_data(*sections: UserDataSection) -> None:
    """Add ``sections`` to the export, each replacing the section that has its key."""
    for section in sections:
        _sections[section.key] = section


def unregister_user_data(key: str) -> None:
    """Leave the section ``key`` out of the export (nothing happens if it is not there)."""
    _sections.pop(key, None)


def user_data_sections() -> list[UserDataSection]:
    """The sections of the installed apps, in the order they were first registered."""
    return [
        section
        for section in _sections.values()
        if section.app is None or apps.is_installed(section.app)
    ]
