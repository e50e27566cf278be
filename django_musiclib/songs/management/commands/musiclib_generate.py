"""``manage.py musiclib_generate --songs N``: fill the database with a synthetic catalog."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from django_musiclib.songs.generate import Sizes, generate
from django_musiclib.songs.progress import Progress


class Command(BaseCommand):
    help = (
        "Add a realistic synthetic catalog to the database: artists, albums, songs with "
        "credits, users, reactions and comments, sized from --songs. Titles and names mix "
        "languages and scripts, popularity is skewed (a few songs get most likes), and like "
        "and dislike counts match the reactions. Rows are added after the existing ones, so "
        "the command can run again. On PostgreSQL the rows are loaded with COPY and the "
        "search vectors computed at the end; a million songs take a few minutes. Tables "
        "being filled are locked for writing until the command ends."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--songs", type=int, required=True, help="Number of songs to add (required)."
        )
        sized = "Default: %s."
        parser.add_argument(
            "--artists", type=int, help="Number of artists. " + sized % "songs / 50, at least 5"
        )
        parser.add_argument(
            "--albums", type=int, help="Number of albums. " + sized % "songs / 10, at least 5"
        )
        parser.add_argument(
            "--reactions",
            type=int,
            help="Number of likes and dislikes (about 80%% likes). " + sized % "2 x songs",
        )
        parser.add_argument(
            "--comments",
            type=int,
            help="Number of comments, a quarter of them replies. "
            + sized % "songs / 5, at least 5",
        )
        parser.add_argument(
            "--users",
            type=int,
            help="Number of users who react and comment; they cannot sign in (unusable "
            "passwords). " + sized % "songs / 200, at least 5",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help="Random seed: the same seed and sizes give the same catalog. Default: 1.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=10_000,
            help="Rows generated and sent at a time; memory grows with it. Default: 10000.",
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help='The database to fill. Default: "default".',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sizes = Sizes.from_songs(
            options["songs"],
            **{k: options[k] for k in ("artists", "albums", "reactions", "comments", "users")},
        )
        problems = sizes.problems()
        if options["batch_size"] < 1:
            problems.append("--batch-size must be at least 1.")
        if problems:
            raise CommandError(" ".join(problems))
        using = options["database"]
        if using not in connections:
            raise CommandError(f"There is no database {using!r} in DATABASES.")
        quiet = options["verbosity"] < 1
        progress = Progress(None if quiet else self.stderr)
        result = generate(
            sizes,
            seed=options["seed"],
            batch_size=options["batch_size"],
            using=using,
            progress=progress,
        )
        if quiet:
            return
        counts = ", ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in result.counts.items())
        rate = result.rows / result.total_seconds if result.total_seconds else 0.0
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {counts} in {result.total_seconds:.1f}s ({rate:,.0f} rows/s)."
            )
        )
