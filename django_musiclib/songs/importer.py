"""Importing a music library from folders: the engine of ``manage.py musiclib_import``.

Files are taken in batches. For each batch, one query finds the songs already imported
from those paths; a file whose size and modification time are unchanged is skipped
without being opened. The others are read (tags and checksum) in worker processes, then
written in one transaction per batch, each file in its own savepoint, so a file that
fails is reported and the rest are kept. Nothing holds the whole library in memory: not
the list of files, not their bytes, not the songs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from django_musiclib.albums.models import Album
from django_musiclib.conf import musiclib_settings
from django_musiclib.songs.audio import (
    AUDIO_EXTENSIONS,
    AudioFacts,
    Tags,
    read_for_import,
    read_tags,
)
from django_musiclib.songs.audio_services import (
    CatalogResolver,
    audio_values,
    delete_stored_audio_later,
    set_cover_later,
    stored_file,
)
from django_musiclib.songs.models import Song, SongArtist

BATCH_SIZE = 200
#: Fewer files to read than this are read here: starting workers would take longer.
MIN_FILES_FOR_WORKERS = 32
#: The artist credited on a file that names none.
UNKNOWN_ARTIST = "Unknown artist"

ADDED, UPDATED, SKIPPED, FAILED = "added", "updated", "skipped", "failed"


@dataclass
class Report:
    """What an import did: counts of each outcome, and every failure with its reason."""

    counts: dict[str, int] = field(
        default_factory=lambda: {ADDED: 0, UPDATED: 0, SKIPPED: 0, FAILED: 0}
    )
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


#: ``on_file(path, outcome, reason)``, called once for every file.
FileCallback = Callable[[str, str, str], None]


@dataclass
class _Entry:
    path: str
    size: int
    mtime_ns: int
    song: Mapping[str, Any] | None = None


def audio_files(paths: Iterable[str]) -> Iterator[os.DirEntry[str] | str]:
    """Every file under ``paths`` whose name ends like audio, depth first, sorted.

    A path that names a file is taken whatever its name. The content decides later.
    """
    for path in paths:
        if os.path.isfile(path):
            yield os.path.abspath(path)
        else:
            yield from _walk(os.path.abspath(path))


def _walk(folder: str) -> Iterator[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=True):
            yield from _walk(entry.path)
        elif os.path.splitext(entry.name)[1].lower() in AUDIO_EXTENSIONS:
            yield entry


def count_files(paths: Iterable[str]) -> int:
    return sum(1 for _ in audio_files(paths))


class Importer:
    """Imports files into the catalog: see ``manage.py musiclib_import --help``.

    ``copy`` stores a copy of each file in the storage; otherwise songs point at the files
    where they are (``source_path``). ``dry_run`` reads everything and writes nothing.
    ``jobs`` is the number of worker processes that read tags (1: none, read here).
    """

    def __init__(
        self,
        *,
        copy: bool = False,
        dry_run: bool = False,
        jobs: int = 1,
        on_file: FileCallback | None = None,
    ) -> None:
        self.copy = copy
        self.dry_run = dry_run
        self.jobs = max(1, jobs)
        self.on_file = on_file
        self.report = Report()
        self.resolver = CatalogResolver()
        self.cover_max_size = musiclib_settings.COVER_MAX_SIZE
        # Albums whose cover is already on its way: one file per album is read for it.
        self._covers_asked: set[int] = set()
        self._pool: ProcessPoolExecutor | None = None

    def run(self, paths: Iterable[str]) -> Report:
        try:
            with self._outer_transaction():
                batch: list[_Entry] = []
                for found in audio_files(paths):
                    entry = self._entry(found)
                    if entry is None:
                        continue
                    batch.append(entry)
                    if len(batch) >= BATCH_SIZE:
                        self._import_batch(batch)
                        batch = []
                if batch:
                    self._import_batch(batch)
        finally:
            if self._pool is not None:
                self._pool.shutdown()
                self._pool = None
        return self.report

    def _executor(self, files: int) -> Executor | None:
        """The worker pool, started when a batch first has enough files to be worth it.

        A re-scan that finds nothing new never starts it.
        """
        if self.jobs == 1 or files < MIN_FILES_FOR_WORKERS:
            return self._pool
        if self._pool is None:
            # "spawn": a forked worker would share the parent's database connections.
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=get_context("spawn"))
        return self._pool

    @contextmanager
    def _outer_transaction(self) -> Iterator[None]:
        if not self.dry_run:
            yield
            return
        with transaction.atomic():
            yield
            transaction.set_rollback(True)

    def _entry(self, found: os.DirEntry[str] | str) -> _Entry | None:
        path = found if isinstance(found, str) else found.path
        try:
            stat = os.stat(path) if isinstance(found, str) else found.stat()
        except OSError as exc:
            self._record(path, FAILED, f"Cannot read the file: {exc.strerror or exc}.")
            return None
        return _Entry(path, stat.st_size, stat.st_mtime_ns)

    def _record(self, path: str, outcome: str, reason: str = "") -> None:
        self.report.counts[outcome] += 1
        if outcome == FAILED:
            self.report.failures.append((path, reason))
        if self.on_file is not None:
            self.on_file(path, outcome, reason)

    def _import_batch(self, batch: list[_Entry]) -> None:
        known = {
            row["source_path"]: row
            for row in Song.objects.filter(source_path__in=[e.path for e in batch]).values(
                "pk", "source_path", "audio_size", "source_mtime_ns", "audio_checksum", "audio"
            )
        }
        to_read = []
        for entry in batch:
            entry.song = known.get(entry.path)
            if (
                entry.song is not None
                and entry.song["audio_size"] == entry.size
                and entry.song["source_mtime_ns"] == entry.mtime_ns
            ):
                self._record(entry.path, SKIPPED, "unchanged")
            else:
                to_read.append(entry)
        if not to_read:
            return
        paths = [entry.path for entry in to_read]
        sizes = [self.cover_max_size] * len(paths)
        executor = self._executor(len(paths))
        results: Iterator[AudioFacts | str]
        if executor is None:
            results = map(read_for_import, paths, sizes)
        else:
            results = executor.map(read_for_import, paths, sizes, chunksize=8)
        with transaction.atomic():
            for entry, result in zip(to_read, results, strict=True):
                if isinstance(result, str):
                    self._record(entry.path, FAILED, result)
                    continue
                try:
                    with transaction.atomic():
                        outcome, reason = self._write(entry, result)
                except Exception as exc:  # one file's failure must not stop the run
                    outcome, reason = FAILED, f"Cannot be saved: {exc}"
                    # Artists and albums it created were rolled back with it.
                    self.resolver = CatalogResolver()
                self._record(entry.path, outcome, reason)

    def _write(self, entry: _Entry, facts: AudioFacts) -> tuple[str, str]:
        song = entry.song
        if song is not None and song["audio_checksum"] == facts.checksum:
            # Touched, not changed: remember the new time so the next run skips it early.
            Song.objects.filter(pk=song["pk"]).update(
                source_mtime_ns=entry.mtime_ns, audio_size=facts.size
            )
            return SKIPPED, "unchanged content"
        others = Song.objects.filter(audio_checksum=facts.checksum)
        if song is not None:
            others = others.exclude(pk=song["pk"])
        other = others.values_list("pk", flat=True).first()
        if other is not None:
            return SKIPPED, f"the same audio as song {other}"
        values = self._song_values(entry, facts)
        with ExitStack() as stack:
            if self.copy and not self.dry_run:
                content = stack.enter_context(open(entry.path, "rb"))
                values["audio"] = stack.enter_context(stored_file(content, facts))
            elif not self.copy:
                # Linked in place: a copy stored by an earlier import no longer applies.
                values["audio"] = ""
            return self._save(entry, song, values, facts)

    def _save(
        self,
        entry: _Entry,
        song: Mapping[str, Any] | None,
        values: dict[str, Any],
        facts: AudioFacts,
    ) -> tuple[str, str]:
        artists = values.pop("_artists")
        if song is None:
            instance = Song.objects.create(**values)
            self._credit(instance, artists, replace=False)
            self._cover(instance.album, entry.path, facts.tags)
            return ADDED, ""
        # update() leaves auto_now alone: the stream's Last-Modified reads updated_at.
        Song.objects.filter(pk=song["pk"]).update(**values, updated_at=timezone.now())
        instance = Song.objects.get(pk=song["pk"])
        self._credit(instance, artists, replace=True)
        if song["audio"] and song["audio"] != values.get("audio", song["audio"]):
            delete_stored_audio_later(song["audio"])
        self._cover(instance.album, entry.path, facts.tags)
        return UPDATED, "changed"

    def _song_values(self, entry: _Entry, facts: AudioFacts) -> dict[str, Any]:
        """The song's fields from the file: its tags are the truth for imported songs."""
        tags = facts.tags
        artists = self.resolver.artists(tags.artists or tags.album_artists or [UNKNOWN_ARTIST])
        album = None
        if tags.album:
            album_artists = (
                self.resolver.artists(tags.album_artists) if tags.album_artists else artists
            )
            album = self.resolver.album(
                tags.album, album_artists, release_date=tags.release_date, genre=tags.genre
            )
        values: dict[str, Any] = {
            **audio_values(facts),
            "title": (tags.title or Path(entry.path).stem)[:200],
            "album": album,
            "track_number": tags.track_number,
            "disc_number": tags.disc_number,
            "genre": tags.genre[:100],
            "source_path": entry.path,
            "source_mtime_ns": entry.mtime_ns,
            "_artists": artists,
        }
        return values

    @staticmethod
    def _credit(song: Song, artists: list[Any], *, replace: bool) -> None:
        if replace:
            SongArtist.objects.filter(song=song).delete()
        SongArtist.objects.bulk_create(
            SongArtist(song=song, artist=artist, position=position)
            for position, artist in enumerate(artists)
        )

    def _cover(self, album: Album | None, path: str, tags: Tags) -> None:
        if (
            album is None
            or album.cover
            or not tags.has_cover
            or self.dry_run
            or album.pk in self._covers_asked
        ):
            return
        self._covers_asked.add(album.pk)
        # Read the picture again, here: the workers leave it out.
        import mutagen

        try:
            audio = mutagen.File(path)
        except Exception:  # the song is in; a cover is a nicety
            return
        if audio is not None:
            set_cover_later(album, read_tags(audio, cover_max_size=self.cover_max_size).cover)


def default_jobs() -> int:
    """Worker processes by default: one per core, up to 8."""
    return max(1, min(8, os.cpu_count() or 1))
