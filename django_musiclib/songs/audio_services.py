"""Songs from audio files: storing the file, and turning tags into artists and an album.

Uploads (``SongSerializer``) and ``musiclib_import`` both come through here, so a file's
tags mean the same wherever it arrives from.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import IO, Any

from django.core.files.base import File
from django.db import transaction

from django_musiclib.albums.covers import set_cover_if_missing
from django_musiclib.albums.models import Album, AlbumArtist
from django_musiclib.artists.models import Artist
from django_musiclib.songs.audio import AudioFacts, Cover
from django_musiclib.songs.models import Song


def storage_name(facts: AudioFacts) -> str:
    """Where a file is stored: named by its checksum, never by what a client called it."""
    return f"musiclib/audio/{facts.checksum[:2]}/{facts.checksum}.{facts.format.extension}"


def audio_values(facts: AudioFacts) -> dict[str, Any]:
    """The song fields that a file decides, whatever the client or the tags say."""
    return {
        "audio_mime_type": facts.format.mime_type,
        "audio_size": facts.size,
        "audio_checksum": facts.checksum,
        "bitrate": facts.bitrate,
        "sample_rate": facts.sample_rate,
        "duration": facts.duration_seconds,
    }


@contextmanager
def stored_file(content: IO[bytes], facts: AudioFacts) -> Iterator[str]:
    """Save ``content`` to the storage for the length of the block; remove it if the block
    fails, so an error never leaves a file that no song points to."""
    storage = Song._meta.get_field("audio").storage
    content.seek(0)
    name = storage.save(storage_name(facts), File(content))
    try:
        yield name
    except BaseException:
        storage.delete(name)
        raise


def delete_stored_audio_later(name: str | None) -> None:
    """Remove a stored file once the transaction that dropped it commits."""
    if name:
        storage = Song._meta.get_field("audio").storage
        transaction.on_commit(lambda: storage.delete(name))


def set_cover_later(album: Album | None, cover: Cover | None) -> None:
    """Make ``cover`` the album's cover, if it has none, after the transaction commits.

    After the commit, so that a rolled-back song leaves no cover file behind.
    """
    if album is not None and cover is not None and not album.cover:
        transaction.on_commit(lambda: set_cover_if_missing(album, cover.data))


class CatalogResolver:
    """Finds or creates artists and albums by name, and remembers what it found.

    Names match without regard to case. An album matches by title and its first credited
    artist, so two albums called "Greatest Hits" stay apart. ``musiclib_import`` keeps one
    resolver for a whole run: each artist and album costs one lookup however many files
    name it.
    """

    def __init__(self, owner: Any = None) -> None:
        self.owner = owner if owner is not None and owner.is_authenticated else None
        self._artists: dict[str, Artist] = {}
        self._albums: dict[tuple[str, int], Album] = {}

    def artist(self, name: str) -> Artist:
        name = name[: Artist._meta.get_field("name").max_length]
        key = name.casefold()
        artist = self._artists.get(key)
        if artist is None:
            artist = Artist.objects.filter(name__iexact=name).order_by("id").first()
            if artist is None:
                artist = Artist.objects.create(name=name, created_by=self.owner)
            self._artists[key] = artist
        return artist

    def artists(self, names: list[str]) -> list[Artist]:
        found: dict[int, Artist] = {}
        for name in names:
            artist = self.artist(name)
            found.setdefault(artist.pk, artist)
        return list(found.values())

    def album(
        self,
        title: str,
        artists: list[Artist],
        *,
        release_date: date | None = None,
        genre: str = "",
    ) -> Album:
        title = title[: Album._meta.get_field("title").max_length]
        key = (title.casefold(), artists[0].pk)
        album = self._albums.get(key)
        if album is None:
            album = (
                Album.objects.filter(title__iexact=title, credits__artist=artists[0])
                .order_by("id")
                .first()
            )
            if album is None:
                album = Album.objects.create(
                    title=title,
                    release_date=release_date,
                    genre=genre[: Album._meta.get_field("genre").max_length],
                    created_by=self.owner,
                )
                AlbumArtist.objects.bulk_create(
                    AlbumArtist(album=album, artist=artist, position=position)
                    for position, artist in enumerate(artists)
                )
            self._albums[key] = album
        return album
