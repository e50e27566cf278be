"""The storage of uploaded audio and album covers, chosen by ``MUSICLIB["STORAGE"]``.

A ``FileField`` keeps the storage it was given when the model class is defined. To let
``MUSICLIB["STORAGE"]`` (and ``STORAGES``) change later, under ``override_settings`` too,
the fields get :class:`MusicLibStorage`, which looks the real storage up at each use.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import IO, Any

from django.core.files.base import File
from django.core.files.storage import Storage, storages

from django_musiclib.conf import musiclib_settings


class MusicLibStorage(Storage):
    """Every call goes to ``storages[MUSICLIB["STORAGE"]]`` as it is configured now."""

    @property
    def backend(self) -> Storage:
        return storages[musiclib_settings.STORAGE]

    def open(self, name: str, mode: str = "rb") -> File:
        return self.backend.open(name, mode)

    def save(self, name: str | None, content: IO[Any], max_length: int | None = None) -> str:
        return self.backend.save(name, content, max_length=max_length)

    def delete(self, name: str) -> None:
        self.backend.delete(name)

    def exists(self, name: str) -> bool:
        return self.backend.exists(name)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        return self.backend.listdir(path)

    def size(self, name: str) -> int:
        return self.backend.size(name)

    def url(self, name: str | None) -> str:
        return self.backend.url(name)

    def path(self, name: str) -> str:
        return self.backend.path(name)

    def get_accessed_time(self, name: str) -> datetime:
        return self.backend.get_accessed_time(name)

    def get_created_time(self, name: str) -> datetime:
        return self.backend.get_created_time(name)

    def get_modified_time(self, name: str) -> datetime:
        return self.backend.get_modified_time(name)

    def get_valid_name(self, name: str) -> str:
        return self.backend.get_valid_name(name)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return self.backend.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename: str | os.PathLike[str]) -> str:
        return self.backend.generate_filename(filename)


_storage = MusicLibStorage()


def musiclib_storage() -> MusicLibStorage:
    """The storage of the audio and cover fields (a callable, so migrations name it)."""
    return _storage
