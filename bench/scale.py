"""What users feel on a large library: list throughput, search latency, deep pages,
concurrent likes, queries per request and memory.

    python bench/scale.py --songs 1000000                      # PostgreSQL in DATABASE_URL
    python bench/scale.py --songs 300 --requests 5 --duration 2  # a quick run
    python bench/scale.py --existing                             # a database already filled

It creates a throw-away database (``test_<name>`` on the server of ``DATABASE_URL``, or
SQLite in memory), fills it with ``manage.py musiclib_generate``, measures in-process
with Django's test client, prints tables, and drops the database. Rows measured in the
same run are compared with each other (the API against a hand-written view over the
same rows), because only ratios measured together hold on a noisy machine.

It prints figures and never fails on them.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import resource
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.db.models.signals import post_init  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from bench.handwritten import PAGE_SIZE  # noqa: E402

LISTS = ["/api/artists", "/api/albums", "/api/songs", "/api/comments"]


def timed(call: Callable[[], object], repeat: int) -> list[float]:
    call()  # warm up
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        timings.append(time.perf_counter() - start)
    return sorted(timings)


def timed_together(calls: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """Like :func:`timed` for several calls, taken in turn, so that all of them see the
    same load on a shared machine."""
    for call in calls.values():
        call()  # warm up
    timings: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeat):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            timings[name].append(time.perf_counter() - start)
    return {name: sorted(times) for name, times in timings.items()}


def p(timings: list[float], share: float) -> float:
    return timings[min(len(timings) - 1, int(len(timings) * share))] * 1000


def get_ok(client: Client, url: str, **params: object):  # type: ignore[no-untyped-def]
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code, response.content)
    return response


def signed_in_client() -> tuple[Client, object]:
    from django.contrib.auth import get_user_model

    from django_musiclib.songs.models import Reaction

    # The most active listener, so the caller's own reactions show up on the page.
    user_id = (
        Reaction.objects.values("user_id").annotate(n=Count("id")).order_by("-n")[0]["user_id"]
    )
    user = get_user_model().objects.get(pk=user_id)
    client = Client()
    client.force_login(user)
    return client, user


def section(title: str) -> None:
    print(f"\n{title}")


def bench_song_list(client: Client, requests: int) -> None:
    section(f"Song list, {PAGE_SIZE} per page, signed in: API against a hand-written view")
    url = f"/api/songs?page_size={PAGE_SIZE}"
    api = get_ok(client, url).json()["results"]
    plain = get_ok(client, "/bench/songs").json()["results"]
    print(f"the hand-written view returns the same results as the API: {api == plain}")
    print(f"{'':<24} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8}")
    rates = {}
    paths = {"API": url, "hand-written view": "/bench/songs"}
    together = timed_together(
        {name: lambda path=path: client.get(path) for name, path in paths.items()}, requests
    )
    for name, timings in together.items():
        rates[name] = len(timings) / sum(timings)
        print(f"{name:<24} {p(timings, 0.5):>8.2f} {p(timings, 0.95):>8.2f} {rates[name]:>8.1f}")
    print(
        f"API throughput: {rates['API'] / rates['hand-written view']:.0%} of the hand-written view"
    )


def search_terms(total_songs: int) -> dict[str, str]:
    """A rare term, one that matches about 1% of songs, the most common one and a
    misspelled one, picked from a sample of the data itself."""
    from django_musiclib.artists.models import Artist

    sampled, counts = word_sample(total_songs)
    found = [word for word in counts if word.isalpha() and len(word) >= 3]
    common = max(found, key=lambda w: (counts[w], w))
    about = min(found, key=lambda w: (abs(counts[w] / sampled - 0.01), w))
    rare = min((w for w in found if len(w) >= 4), key=lambda w: (counts[w], w))
    word = next(
        (
            word
            for name in Artist.objects.annotate(n=Count("song_credits"))
            .order_by("-n")
            .values_list("name", flat=True)[:200]
            for word in name.split()
            if word.isascii() and word.isalpha() and len(word) >= 7
        ),
        "Beatles",
    )
    # Two letters near the end swapped, as "beatels" for "Beatles".
    typo = word[:-3] + word[-2] + word[-3] + word[-1]
    return {"rare": rare, "about 1%": about, "common": common, "misspelled": typo.lower()}


def word_sample(total_songs: int) -> tuple[int, dict[str, int]]:
    """How many songs were sampled, and how many of them each word is found in.

    On PostgreSQL the words are those of the search vectors (title, artists' names and
    album title, as a search matches them) of about 1% of the songs; elsewhere, those of
    2000 titles.
    """
    from django_musiclib.songs.models import Song

    counts: dict[str, int] = {}
    if connection.vendor != "postgresql":
        titles = list(Song.objects.order_by("?").values_list("title", flat=True)[:2000])
        for title in titles:
            for word in set(re.findall(r"\w+", title.lower())):
                counts[word] = counts.get(word, 0) + 1
        return len(titles), counts
    share = 100 if total_songs < 100_000 else 1
    sample = f"{Song._meta.db_table} TABLESAMPLE SYSTEM ({share}) REPEATABLE (1)"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {sample}")
        sampled = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT word, count(*) FROM {sample}, "
            "unnest(tsvector_to_array(search_vector)) AS word GROUP BY word"
        )
        counts = dict(cursor.fetchall())
    return sampled, counts


def exact_matches(term: str) -> int:
    """Songs the words of ``term`` match as written (what a search would rank, uncapped)."""
    from django_musiclib.api.search import tsquery, words
    from django_musiclib.songs.models import Song

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {Song._meta.db_table} "
            "WHERE search_vector @@ to_tsquery('simple', unaccent(%s))",
            [tsquery(words(term))],
        )
        return cursor.fetchone()[0]


def bench_search(client: Client, requests: int, total_songs: int) -> None:
    from django_musiclib.songs.models import Song
    from django_musiclib.songs.search import search_songs

    section("Search latency, songs list (?search=, 20 per page) and /api/search (5 of each)")
    terms = search_terms(total_songs)
    print("matches: songs whose words match as written (a misspelling matches none)")
    print(f"{'term':<24} {'matches':>8} {'share':>7} {'p50 ms':>8} {'p95 ms':>8} {'all p95':>8}")
    for kind, term in terms.items():
        matches = (
            exact_matches(term)
            if connection.vendor == "postgresql"
            else (search_songs(Song.objects.all(), term).count())
        )
        songs = timed(lambda t=term: get_ok(client, "/api/songs", search=t), requests)
        together = timed(lambda t=term: get_ok(client, "/api/search", q=t), requests)
        label = f"{kind} ({term})"
        print(
            f"{label:<24} {matches:>8} {matches / total_songs:>7.2%} {p(songs, 0.5):>8.1f} "
            f"{p(songs, 0.95):>8.1f} {p(together, 0.95):>8.1f}"
        )


def bench_deep_page(client: Client, requests: int) -> None:
    from django_musiclib.songs.models import Song

    section(f"First page against the last page reached by cursor ({PAGE_SIZE} per page)")
    print(f"{'ordering':<14} {'first p50 ms':>13} {'last p50 ms':>12} {'ratio':>6}")
    for ordering, field in (("-created_at", "created_at"), ("-like_count", "like_count")):
        first = get_ok(client, "/api/songs", page_size=PAGE_SIZE, ordering=ordering)
        # The cursor of the page that ends PAGE_SIZE rows before the end of the list.
        boundary = Song.objects.order_by(field, "id")[PAGE_SIZE : PAGE_SIZE + 1].get()
        from django_musiclib.api.pagination import KeysetPagination

        pager = KeysetPagination()
        pager.base_url = first.wsgi_request.build_absolute_uri()
        pager.ordering = (ordering.lstrip("-"), field, True)
        pager.field = field
        last_url = pager.encode_cursor(boundary, back=False)
        last = get_ok(client, last_url)
        assert len(last.json()["results"]) == PAGE_SIZE and last.json()["next"] is None
        first_url = first.wsgi_request.get_full_path()
        first_t = timed(lambda u=first_url: client.get(u), requests)
        last_t = timed(lambda u=last_url: client.get(u), requests)
        ratio = p(last_t, 0.5) / p(first_t, 0.5)
        print(f"{ordering:<14} {p(first_t, 0.5):>13.2f} {p(last_t, 0.5):>12.2f} {ratio:>6.2f}")


def bench_likes(clients: int, duration: float) -> None:
    from django.contrib.auth import get_user_model

    from django_musiclib.songs.models import Reaction, Song

    section(f"Likes: {clients} clients toggling like/dislike on one song for {duration:.0f} s")
    if connection.vendor != "postgresql":
        print("skipped: needs PostgreSQL (SQLite serializes every write)")
        return
    song = Song.objects.order_by("-like_count").first()
    user_model = get_user_model()
    field = user_model.USERNAME_FIELD
    # The same users on every run, so that an existing database can be measured again.
    users = [
        user_model.objects.filter(**{field: f"bench-liker-{n}@example.com"}).first()
        or user_model.objects.create_user(**{field: f"bench-liker-{n}@example.com"})
        for n in range(clients)
    ]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + duration

    def run(user) -> None:  # type: ignore[no-untyped-def]
        client = Client()
        client.force_login(user)
        mine, n = [], 0
        while time.perf_counter() < deadline:
            action = ("like", "dislike", "reaction")[n % 3]
            start = time.perf_counter()
            if action == "reaction":
                response = client.delete(f"/api/songs/{song.pk}/reaction")
            else:
                response = client.post(f"/api/songs/{song.pk}/{action}")
            mine.append(time.perf_counter() - start)
            if response.status_code >= 400:
                with lock:
                    errors.append(f"{action}: {response.status_code}")
            n += 1
        connections.close_all()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=run, args=(user,)) for user in users]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    song.refresh_from_db()
    true = Reaction.objects.filter(song=song).aggregate(
        likes=Count("id", filter=Q(value=1)), dislikes=Count("id", filter=Q(value=-1))
    )
    drift = abs(song.like_count - true["likes"]) + abs(song.dislike_count - true["dislikes"])
    print(
        f"requests: {len(latencies)}, {len(latencies) / elapsed:.0f}/s, "
        f"p50 {p(latencies, 0.5):.1f} ms, p95 {p(latencies, 0.95):.1f} ms, errors {len(errors)}"
    )
    print(
        f"counters: likes {song.like_count} (true {true['likes']}), dislikes "
        f"{song.dislike_count} (true {true['dislikes']}): drift {drift}"
    )


def bench_queries(client: Client) -> None:
    section(f"Queries per request, {PAGE_SIZE} per page, signed in (2 of them for the session)")
    for url in LISTS:
        with CaptureQueriesContext(connection) as queries:
            get_ok(client, url, page_size=PAGE_SIZE)
        print(f"{url:<16} {len(queries)}")


def bench_memory(client: Client) -> None:
    from django_musiclib.songs.models import Song

    section("Memory")
    loaded = []

    def count(sender, **kwargs):  # type: ignore[no-untyped-def]
        loaded.append(sender)

    post_init.connect(count, sender=Song)
    tracemalloc.start()
    response = get_ok(client, "/api/songs", page_size=PAGE_SIZE)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    post_init.disconnect(count, sender=Song)
    print(
        f"one song list request: {len(response.json()['results'])} songs returned, "
        f"{len(loaded)} song model instances built, {peak / 1024:.0f} KiB allocated at its peak"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this benchmark process: {rss:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--songs", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=100, help="timed requests per row")
    parser.add_argument("--clients", type=int, default=32, help="concurrent likers")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of liking")
    parser.add_argument(
        "--existing",
        action="store_true",
        help="measure the database of DATABASE_URL as it is, instead of a new one filled "
        "with --songs (the likes step adds users and reactions to it)",
    )
    args = parser.parse_args()

    setup_test_environment()
    if args.existing:
        from django_musiclib.songs.models import Song

        old_name = None
        songs = Song.objects.count()
        print(
            f"database: {connection.vendor} ({connection.settings_dict['NAME']}), songs: "
            f"{songs}, as found; {args.requests} timed requests per row"
        )
    else:
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        songs = args.songs
    try:
        if old_name is not None:
            start = time.perf_counter()
            call_command("musiclib_generate", songs=songs, stdout=io.StringIO())
            built = time.perf_counter() - start
            print(
                f"database: {connection.vendor}, songs: {songs}, generated in {built:.0f} s; "
                f"{args.requests} timed requests per row"
            )
        client, _user = signed_in_client()
        bench_song_list(client, args.requests)
        bench_search(client, args.requests, songs)
        bench_deep_page(client, args.requests)
        bench_queries(client)
        bench_memory(client)
        bench_likes(args.clients, args.duration)
    finally:
        connections.close_all()
        if old_name is not None:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
