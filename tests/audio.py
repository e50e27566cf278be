"""Helpers for the tests of audio: the committed fixture files, uploads, stored files."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

FIXTURES = Path(__file__).parent / "fixtures" / "audio"

#: Each fixture file, with the type it is served as and the title in its tags.
FORMATS = {
    "bjork.mp3": ("audio/mpeg", "Jóga"),
    "sigur_ros.flac": ("audio/flac", "Svefn-g-englar"),
    "vorbis.ogg": ("audio/ogg", "Hoppípolla"),
    "opus.opus": ("audio/ogg", "Ljósið"),
    "aac.m4a": ("audio/mp4", "La Valse d'Amélie"),
    "tagged.wav": ("audio/wav", "Clair de lune"),
}


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def upload(name: str, *, filename: str | None = None, data: bytes | None = None):
    """A fixture file (or ``data``) as a client would upload it, under ``filename``."""
    return SimpleUploadedFile(
        filename or name,
        fixture_bytes(name) if data is None else data,
        content_type="application/octet-stream",
    )


def stored_files(root: Path) -> list[str]:
    """The files under ``root``, relative to it, sorted."""
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
