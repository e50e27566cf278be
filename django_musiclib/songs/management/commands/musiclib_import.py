"""``manage.py musiclib_import PATH...``: add a music library from folders."""

from __future__ import annotations

import os
import sys
import time
from argparse import BooleanOptionalAction
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from django_musiclib.songs.importer import (
    FAILED,
    Importer,
    Report,
    count_files,
    default_jobs,
)
from django_musiclib.songs.progress import Progress


class Command(BaseCommand):
    help = (
        "Import audio files from folders: read their tags, create or update artists, albums "
        "and songs. Re-running skips files that have not changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Folders or files.")
        parser.add_argument(
            "--copy",
            action="store_true",
            help="Copy each file into the storage (MUSICLIB['STORAGE']) instead of "
            "linking it where it is.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read every file and report what would change, without changing anything.",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=default_jobs(),
            help="Processes that read tags in parallel (default: one per core, up to 8; "
            "1 reads in this process).",
        )
        parser.add_argument(
            "--progress",
            action=BooleanOptionalAction,
            default=None,
            help="Show a progress bar (default: when standard error is a terminal).",
        )

    def handle(self, *args: str, **options: Any) -> None:
        paths: list[str] = options["paths"]
        missing = [path for path in paths if not os.path.exists(path)]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}")
        if options["jobs"] < 1:
            raise CommandError("--jobs must be 1 or more.")
        verbosity = options["verbosity"]
        show_progress = options["progress"]
        if show_progress is None:
            show_progress = sys.stderr.isatty() and verbosity > 0
        bar = (
            Progress(self.stderr, tty=True).phase("files", count_files(paths), unit="files")
            if show_progress
            else None
        )

        def on_file(path: str, outcome: str, reason: str) -> None:
            if bar is not None:
                bar.advance(1)
            if verbosity >= 2:
                self.stdout.write(f"{outcome:8} {path}" + (f"  ({reason})" if reason else ""))

        started = time.monotonic()
        importer = Importer(
            copy=options["copy"],
            dry_run=options["dry_run"],
            jobs=options["jobs"],
            on_file=on_file,
        )
        report = importer.run(paths)
        if bar is not None:
            bar.finish()
        self._summary(report, time.monotonic() - started, options["dry_run"])

    def _summary(self, report: Report, seconds: float, dry_run: bool) -> None:
        for path, reason in report.failures:
            self.stderr.write(f"failed   {path}: {reason}")
        counts = report.counts
        rate = report.total / seconds if seconds > 0 else 0.0
        prefix = "Dry run, nothing changed. Would have: " if dry_run else ""
        line = (
            f"{prefix}{counts['added']} added, {counts['updated']} updated, "
            f"{counts['skipped']} skipped, {counts[FAILED]} failed "
            f"({report.total} files in {seconds:.1f} s, {rate:,.0f} files/s)."
        )
        self.stdout.write(self.style.SUCCESS(line) if not counts[FAILED] else line)
