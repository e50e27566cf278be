"""Import speed and memory of ``manage.py musiclib_import`` over a generated library.

    python bench/audio_import.py --files 5000              # SQLite in memory
    DATABASE_URL=postgres://... python bench/audio_import.py --files 5000
    python bench/audio_import.py --files 50                 # a quick run

It writes a library of small files to a temporary folder: copies of the test fixtures
(MP3, FLAC, Ogg Vorbis, Opus, M4A, WAV), each retagged with mutagen so that every file has
its own title, artist, album and checksum (about 300 artists and 1 000 albums for 5 000
files). Then, in a throw-away database, it times a first import (files linked in place),
an unchanged re-scan, and a re-scan after every tenth file was touched (same content, new
modification time, so those files are read and checksummed again). Each row gives files
per second and the peak resident memory of this process so far (the worker processes only
read tags and keep nothing).

It prints figures and never fails on them.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import mutagen
from mutagen.id3 import TALB, TIT2, TPE1
from mutagen.wave import WAVE

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "audio"
SOURCES = ["bjork.mp3", "sigur_ros.flac", "vorbis.ogg", "opus.opus", "aac.m4a", "tagged.wav"]


def retag(path: Path, index: int) -> None:
    """Give the file at ``path`` tags (and so bytes) of its own."""
    title, artist, album = f"Track {index}", f"Artist {index % 300}", f"Album {index % 1000}"
    audio = mutagen.File(path, easy=True)
    if isinstance(audio, WAVE):  # no "easy" interface: ID3 frames
        if audio.tags is None:
            audio.add_tags()
        for frame in (TIT2(text=title), TPE1(text=artist), TALB(text=album)):
            audio.tags.add(frame)
    else:
        audio.update({"title": title, "artist": artist, "album": album})
    audio.save()


def build_library(folder: Path, files: int) -> None:
    for index in range(files):
        source = SOURCES[index % len(SOURCES)]
        target = folder / f"artist{index % 300:03}" / f"{index:05}{Path(source).suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FIXTURES / source, target)
        retag(target, index)


def peak_mb() -> float:
    """Peak resident memory of this process so far (kilobytes on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(importer: Any, label: str, folder: Path) -> tuple[str, ...]:
    started = time.perf_counter()
    report = importer.run([str(folder)])
    seconds = time.perf_counter() - started
    counts = report.counts
    return (
        label,
        f"{report.total}",
        f"{counts['added']}/{counts['updated']}/{counts['skipped']}/{counts['failed']}",
        f"{seconds:.2f}",
        f"{report.total / seconds:,.0f}",
        f"{peak_mb():.0f}",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=max(1, min(8, os.cpu_count() or 1)))
    args = parser.parse_args()

    # Django is set up here, not at import: the worker processes import this module too.
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    from django_musiclib.songs.importer import Importer

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    folder = Path(tempfile.mkdtemp(prefix="musiclib-bench-"))
    try:
        started = time.perf_counter()
        build_library(folder, args.files)
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        print(
            f"{args.files} files, {size / 1e6:.1f} MB, written in "
            f"{time.perf_counter() - started:.1f} s; {connection.vendor}, {args.jobs} jobs, "
            f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, "
            f"Django {django.__version__}"
        )
        rows = [measure(Importer(jobs=args.jobs), "first import", folder)]
        rows.append(measure(Importer(jobs=args.jobs), "unchanged re-scan", folder))
        for index, path in enumerate(sorted(folder.rglob("*.*"))):
            if index % 10 == 0:
                os.utime(path)
        rows.append(measure(Importer(jobs=args.jobs), "re-scan, 10% touched", folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        connection.creation.destroy_test_db(old_name, verbosity=0)

    header = ("run", "files", "add/upd/skip/fail", "seconds", "files/s", "peak RSS MB")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print(
            "  ".join(
                cell.ljust(width) if i == 0 else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            )
        )


if __name__ == "__main__":
    main()
