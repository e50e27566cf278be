"""Queries and time per request for every list endpoint, beside a hand-written view.

    python bench/api_requests.py --songs 2000 --requests 200

Builds a catalog in a throw-away database (SQLite in memory, or a test database on the
PostgreSQL server in DATABASE_URL), then requests each list endpoint in-process with
Django's test client and prints one table. The song list is also served by a plain
Django view that returns the same JSON for the same rows with as few queries as it can,
so the two throughputs, measured in the same run, can be compared.

It prints figures and never fails on them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import OuterRef, Subquery  # noqa: E402
from django.http import HttpRequest, JsonResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

PAGE_SIZE = 50


def build_catalog(songs: int) -> dict[str, object]:
    """Artists, albums, songs with credits, reactions and comments, in bulk."""
    from django.contrib.auth import get_user_model

    from django_musiclib.albums.models import Album, AlbumArtist
    from django_musiclib.artists.models import Artist
    from django_musiclib.comments.models import Comment
    from django_musiclib.songs.models import Reaction, Song, SongArtist

    rng = random.Random(1)
    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        user_model(username=f"listener{i}", password="!") for i in range(max(10, songs // 100))
    )
    artists = Artist.objects.bulk_create(
        Artist(name=f"Artist {i}", created_by=users[i % len(users)])
        for i in range(max(5, songs // 50))
    )
    albums = Album.objects.bulk_create(
        Album(title=f"Album {i}", genre="Rock", created_by=users[i % len(users)])
        for i in range(max(5, songs // 10))
    )
    AlbumArtist.objects.bulk_create(
        AlbumArtist(album=album, artist=rng.choice(artists)) for album in albums
    )
    song_rows = Song.objects.bulk_create(
        Song(
            title=f"Song {i}",
            album=albums[i % len(albums)],
            track_number=i % 12 + 1,
            duration=rng.randint(90, 400),
            genre="Rock",
            created_by=users[i % len(users)],
        )
        for i in range(songs)
    )
    credits = []
    for song in song_rows:
        for position, artist in enumerate(rng.sample(artists, rng.choice([1, 1, 1, 2]))):
            credits.append(SongArtist(song=song, artist=artist, position=position))
    SongArtist.objects.bulk_create(credits, batch_size=2000)
    reactions = {
        (rng.randrange(len(users)), rng.randrange(len(song_rows))) for _ in range(songs * 2)
    }
    Reaction.objects.bulk_create(
        (Reaction(user=users[u], song=song_rows[s], value=1) for u, s in reactions),
        batch_size=2000,
    )
    Comment.objects.bulk_create(
        (
            Comment(song=rng.choice(song_rows), author=rng.choice(users), body="Nice one")
            for _ in range(max(10, songs // 5))
        ),
        batch_size=2000,
    )
    return {"user": users[0]}


def hand_written_song_list(request: HttpRequest) -> JsonResponse:
    """The first page of songs as the API shows it, with the fewest queries we know."""
    from django_musiclib.songs.models import Reaction, Song, SongArtist

    names = {1: "like", -1: "dislike"}
    mine = Reaction.objects.filter(song=OuterRef("pk"), user=request.user).values("value")[:1]
    rows = list(
        Song.objects.order_by("-created_at", "-id")
        .annotate(mine=Subquery(mine))
        .values(
            "id", "title", "album_id", "album__title", "track_number", "disc_number",
            "duration", "genre", "like_count", "dislike_count", "mine", "created_by_id",
            "created_at", "updated_at",
        )[:PAGE_SIZE]
    )  # fmt: skip
    artists: dict[int, list[dict[str, object]]] = {}
    for song_id, artist_id, name in (
        SongArtist.objects.filter(song_id__in=[row["id"] for row in rows])
        .order_by("position")
        .values_list("song_id", "artist_id", "artist__name")
    ):
        artists.setdefault(song_id, []).append({"id": artist_id, "name": name})
    results = [
        {
            "id": row["id"],
            "title": row["title"],
            "artists": artists.get(row["id"], []),
            "album": {"id": row["album_id"], "title": row["album__title"]}
            if row["album_id"]
            else None,
            "track_number": row["track_number"],
            "disc_number": row["disc_number"],
            "duration": row["duration"],
            "genre": row["genre"],
            "like_count": row["like_count"],
            "dislike_count": row["dislike_count"],
            "my_reaction": names.get(row["mine"]),
            "created_by": row["created_by_id"],
            "created_at": row["created_at"].isoformat().replace("+00:00", "Z"),
            "updated_at": row["updated_at"].isoformat().replace("+00:00", "Z"),
        }
        for row in rows
    ]
    return JsonResponse({"count": Song.objects.count(), "results": results})


def measure(client: Client, path: str, requests: int) -> dict[str, float]:
    client.get(path)  # warm up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    query_count = len(queries)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(path)
        timings.append(time.perf_counter() - start)
    timings.sort()
    return {
        "queries": query_count,
        "p50_ms": statistics.median(timings) * 1000,
        "p95_ms": timings[min(len(timings) - 1, int(len(timings) * 0.95))] * 1000,
        "rps": len(timings) / sum(timings),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--songs", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        start = time.perf_counter()
        data = build_catalog(args.songs)
        built = time.perf_counter() - start
        anonymous, signed_in = Client(), Client()
        signed_in.force_login(data["user"])
        rows = [
            ("artists", anonymous, f"/api/artists?page_size={PAGE_SIZE}"),
            ("albums", anonymous, f"/api/albums?page_size={PAGE_SIZE}"),
            ("songs (anonymous)", anonymous, f"/api/songs?page_size={PAGE_SIZE}"),
            ("songs (signed in)", signed_in, f"/api/songs?page_size={PAGE_SIZE}"),
            ("songs, hand-written view", signed_in, "/bench/songs"),
            ("comments", anonymous, f"/api/comments?page_size={PAGE_SIZE}"),
        ]
        api = json.loads(signed_in.get(rows[3][2]).content)["results"]
        plain = json.loads(signed_in.get("/bench/songs").content)["results"]
        same = api == plain
        print(
            f"database: {connection.vendor}, songs: {args.songs}, page size: {PAGE_SIZE}, "
            f"requests per row: {args.requests}, catalog built in {built:.1f} s"
        )
        print(f"hand-written view returns the same JSON as the API: {same}")
        print(f"{'endpoint':<26} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8}")
        results = {}
        for name, client, path in rows:
            figures = measure(client, path, args.requests)
            results[name] = figures
            print(
                f"{name:<26} {figures['queries']:>7} {figures['p50_ms']:>8.2f} "
                f"{figures['p95_ms']:>8.2f} {figures['rps']:>8.1f}"
            )
        ratio = results["songs (signed in)"]["rps"] / results["songs, hand-written view"]["rps"]
        print(f"song list: API throughput is {ratio:.0%} of the hand-written view's")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
