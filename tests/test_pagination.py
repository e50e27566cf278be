"""Keyset pages of every list: following links, orderings, page sizes and bad cursors."""

from __future__ import annotations

import base64
import datetime
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings
from django.utils import timezone

from django_musiclib.albums.models import Album
from django_musiclib.artists.models import Artist
from django_musiclib.comments.models import Comment
from django_musiclib.songs.models import Song
from tests.factories import SongFactory

pytestmark = pytest.mark.django_db

SONGS = "/api/songs"
ARTISTS = "/api/artists"
ALBUMS = "/api/albums"
COMMENTS = "/api/comments"

START = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


def walk(client, url, params=None, *, link="next"):
    """Every page of a list, following ``link`` from the first page asked for."""
    response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    pages = [response.json()]
    while pages[-1][link] is not None:
        assert len(pages) < 100, "the links never end"
        response = client.get(pages[-1][link])
        assert response.status_code == 200, response.content
        pages.append(response.json())
    return pages


def rows_of(pages):
    return [row for page in pages for row in page["results"]]


def cursor_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["cursor"][0]


def encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii")


def set_created_at(objects, moments) -> None:
    """Give each object its creation time (``auto_now_add`` ignores a value on insert)."""
    for obj, moment in zip(objects, moments, strict=True):
        obj.created_at = moment
    type(objects[0]).objects.bulk_update(objects, ["created_at"])


def assert_each_once_in_order(rows, names, key, *, descending: bool) -> None:
    titles = [row[key] for row in rows]
    assert sorted(titles) == sorted(names), "a row is missing or shown twice"
    values = [names[title] for title in titles]
    assert values == sorted(values, reverse=descending)


# Following `next` through a whole list


@pytest.fixture
def songs():
    """13 songs: like counts with many ties, creation times with ties, some without album."""
    albums = Album.objects.bulk_create(
        [
            Album(title="a-new", release_date=datetime.date(2020, 5, 1)),
            Album(title="a-old", release_date=datetime.date(1969, 9, 26)),
            Album(title="a-mid", release_date=datetime.date(1995, 1, 1)),
            Album(title="a-undated", release_date=None),
        ]
    )
    made = Song.objects.bulk_create(
        [
            Song(
                title=f"s{n:02d}",
                like_count=[0, 3, 1][n % 3] if n % 4 else 1,
                album=None if n % 5 == 0 else albums[n % 4],
            )
            for n in range(13)
        ]
    )
    # Out of title order, two songs per minute.
    set_created_at(
        made, [START + datetime.timedelta(minutes=(n * 7 % 13) // 2) for n in range(13)]
    )
    return Song.objects.select_related("album")


def song_keys(songs, ordering: str) -> dict[str, object]:
    name = ordering.removeprefix("-")
    if name == "release_date":
        return {
            s.title: (
                s.album.release_date if s.album and s.album.release_date else datetime.date.min
            )
            for s in songs
        }
    return {s.title: getattr(s, name) for s in songs}


@pytest.mark.parametrize(
    "ordering",
    [
        "title",
        "-title",
        "created_at",
        "-created_at",
        "like_count",
        "-like_count",
        "release_date",
        "-release_date",
    ],
)
def test_following_next_shows_every_song_once_in_order(client_for, songs, ordering):
    pages = walk(client_for(None), SONGS, {"ordering": ordering, "page_size": 2})

    assert len(pages) == 7
    assert_each_once_in_order(
        rows_of(pages), song_keys(songs, ordering), "title", descending=ordering.startswith("-")
    )


def test_songs_without_album_or_release_date_come_first_by_release_date(client_for, songs):
    pages = walk(client_for(None), SONGS, {"ordering": "release_date", "page_size": 4})
    undated = {s.title for s in songs if s.album is None or s.album.release_date is None}

    titles = [row["title"] for row in rows_of(pages)]

    assert set(titles[: len(undated)]) == undated


def test_songs_list_newest_first_by_default(client_for, songs):
    pages = walk(client_for(None), SONGS, {"page_size": 5})

    assert_each_once_in_order(
        rows_of(pages), song_keys(songs, "created_at"), "title", descending=True
    )


@pytest.mark.parametrize("ordering", ["name", "-name", "created_at", "-created_at"])
def test_following_next_shows_every_artist_once_in_order(client_for, ordering):
    made = Artist.objects.bulk_create(
        # "same" is a shared name: the unique biography tells those rows apart.
        [Artist(name=f"n{n % 4}x{n:02d}" if n % 3 else "same", bio=f"b{n}") for n in range(10)]
    )
    set_created_at(made, [START + datetime.timedelta(hours=n % 4) for n in range(10)])
    name = ordering.removeprefix("-")
    keys = {a.bio: getattr(a, name) for a in Artist.objects.all()}

    pages = walk(client_for(None), ARTISTS, {"ordering": ordering, "page_size": 3})

    assert_each_once_in_order(rows_of(pages), keys, "bio", descending=ordering.startswith("-"))


@pytest.mark.parametrize(
    "ordering", ["title", "-title", "created_at", "-created_at", "release_date", "-release_date"]
)
def test_following_next_shows_every_album_once_in_order(client_for, ordering):
    made = Album.objects.bulk_create(
        [
            Album(
                title=f"t{n:02d}",
                release_date=None if n % 4 == 0 else datetime.date(2000 + n % 3, 1, 1),
            )
            for n in range(10)
        ]
    )
    set_created_at(made, [START + datetime.timedelta(hours=n % 3) for n in range(10)])
    name = ordering.removeprefix("-")
    keys = {
        a.title: (a.release_date or datetime.date.min)
        if name == "release_date"
        else getattr(a, name)
        for a in Album.objects.all()
    }

    pages = walk(client_for(None), ALBUMS, {"ordering": ordering, "page_size": 3})

    assert_each_once_in_order(rows_of(pages), keys, "title", descending=ordering.startswith("-"))


@pytest.mark.parametrize("ordering", [None, "created_at", "-created_at"])
def test_following_next_shows_every_comment_once_in_order(client_for, ordering):
    song = SongFactory()
    made = Comment.objects.bulk_create([Comment(song=song, body=f"c{n:02d}") for n in range(9)])
    set_created_at(made, [START + datetime.timedelta(minutes=(n * 5) % 4) for n in range(9)])
    keys = {c.body: c.created_at for c in Comment.objects.all()}
    params = {"page_size": 2, **({"ordering": ordering} if ordering else {})}

    pages = walk(client_for(None), COMMENTS, params)

    # Without ?ordering= comments read oldest first.
    descending = bool(ordering and ordering.startswith("-"))
    assert_each_once_in_order(rows_of(pages), keys, "body", descending=descending)


def test_next_link_keeps_filters_and_page_size(client_for):
    Song.objects.bulk_create(
        [Song(title=f"s{n:02d}", genre="Jazz" if n % 2 else "Rock") for n in range(9)]
    )

    pages = walk(client_for(None), SONGS, {"genre": "jazz", "ordering": "title", "page_size": 2})

    assert [len(page["results"]) for page in pages] == [2, 2]
    assert [row["title"] for row in rows_of(pages)] == ["s01", "s03", "s05", "s07"]


# First, last and previous pages


@pytest.fixture
def seven_songs():
    Song.objects.bulk_create([Song(title=f"s{n}") for n in range(7)])


def test_first_page_has_no_previous(client_for, seven_songs):
    response = client_for(None).get(SONGS, {"ordering": "title", "page_size": 3})

    assert response.json()["previous"] is None
    assert response.json()["next"] is not None


def test_last_page_has_no_next(client_for, seven_songs):
    pages = walk(client_for(None), SONGS, {"ordering": "title", "page_size": 3})

    assert [row["title"] for row in pages[-1]["results"]] == ["s6"]
    assert pages[-1]["next"] is None
    assert pages[-1]["previous"] is not None


def test_list_that_fits_one_page_has_neither_link(client_for, seven_songs):
    body = client_for(None).get(SONGS, {"page_size": 7}).json()

    assert len(body["results"]) == 7
    assert body["next"] is None
    assert body["previous"] is None


def test_previous_from_page_two_returns_page_one_exactly(client_for, seven_songs):
    client = client_for(None)
    first = client.get(SONGS, {"ordering": "-title", "page_size": 3}).json()
    second = client.get(first["next"]).json()

    back = client.get(second["previous"]).json()

    assert back["results"] == first["results"]
    assert back["previous"] is None
    assert client.get(back["next"]).json()["results"] == second["results"]


def test_following_previous_from_the_last_page_shows_every_row_again(client_for, songs):
    client = client_for(None)
    forward = walk(client, SONGS, {"ordering": "-like_count", "page_size": 3})

    backward = walk(client, forward[-1]["previous"], link="previous")

    assert [page["results"] for page in reversed(backward)] == [
        page["results"] for page in forward[:-1]
    ]


def test_response_has_no_count(client_for, seven_songs):
    body = client_for(None).get(SONGS).json()

    assert set(body) == {"next", "previous", "results"}


# Page size


@pytest.fixture
def many_artists():
    Artist.objects.bulk_create([Artist(name=f"a{n:03d}") for n in range(105)])


def test_page_size_is_clamped_to_100(client_for, many_artists):
    body = client_for(None).get(ARTISTS, {"page_size": 1000}).json()

    assert len(body["results"]) == 100
    assert body["next"] is not None


@override_settings(MUSICLIB={"MAX_PAGE_SIZE": 5})
def test_page_size_is_clamped_to_max_page_size_setting(client_for, many_artists):
    body = client_for(None).get(ARTISTS, {"page_size": 50}).json()

    assert len(body["results"]) == 5


def test_default_page_size_is_20(client_for, many_artists):
    body = client_for(None).get(ARTISTS).json()

    assert len(body["results"]) == 20


@pytest.mark.parametrize("size", ["abc", "", "2.5", "0", "-3"])
def test_page_size_that_is_not_a_positive_whole_number_uses_the_default(
    client_for, many_artists, size
):
    response = client_for(None).get(ARTISTS, {"page_size": size})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 20


# Orderings and cursors a client should not send


def test_unknown_ordering_is_rejected_naming_the_choices(client_for, seven_songs):
    response = client_for(None).get(SONGS, {"ordering": "duration"})

    assert response.status_code == 400
    [message] = response.json()["ordering"]
    for choice in ["title", "-title", "created_at", "release_date", "like_count", "-like_count"]:
        assert choice in message


def test_relevance_ordering_needs_a_search(client_for, seven_songs):
    response = client_for(None).get(SONGS, {"ordering": "-relevance"})

    assert response.status_code == 400
    assert "ordering" in response.json()


def test_ordering_by_a_field_of_another_list_is_rejected(client_for):
    response = client_for(None).get(ARTISTS, {"ordering": "title"})

    assert response.status_code == 400
    assert "name" in response.json()["ordering"][0]


def test_cursor_made_for_another_ordering_is_rejected(client_for, seven_songs):
    client = client_for(None)
    first = client.get(SONGS, {"ordering": "title", "page_size": 2}).json()

    response = client.get(
        SONGS, {"ordering": "-title", "page_size": 2, "cursor": cursor_of(first["next"])}
    )

    assert response.status_code == 400
    assert "cursor" in response.json()


def test_cursor_without_its_ordering_is_rejected(client_for, seven_songs):
    client = client_for(None)
    first = client.get(SONGS, {"ordering": "title", "page_size": 2}).json()

    # The default ordering of songs is -created_at, not title.
    response = client.get(SONGS, {"cursor": cursor_of(first["next"])})

    assert response.status_code == 400
    assert "cursor" in response.json()


TAMPERED = {
    "garbage": "!!!not a cursor!!!",
    "not ascii": "é",
    "bad padding": "abcde",
    "base64 of non-json": encode(b"\x00\xffhello"),
    "base64 of non-utf8 json-like": encode(b'{"o":"\xff"}'),
    "json list": encode(b"[1, 2, 3]"),
    "json number": encode(b"42"),
    "json without value": encode(b'{"o": "-like_count", "k": 1}'),
    "json without id": encode(b'{"o": "-like_count", "v": 1}'),
    "value of wrong type": encode(b'{"o": "-like_count", "v": "many", "k": 1}'),
    "value is a list": encode(b'{"o": "-like_count", "v": [1], "k": 1}'),
    "value is null": encode(b'{"o": "-like_count", "v": null, "k": 1}'),
    "value is infinite": encode(b'{"o": "-like_count", "v": Infinity, "k": 1}'),
    "value is not a number": encode(b'{"o": "-like_count", "v": NaN, "k": 1}'),
    "value is too large": encode(b'{"o": "-like_count", "v": 100000000000000000000, "k": 1}'),
    "id of wrong type": encode(b'{"o": "-like_count", "v": 1, "k": "one"}'),
    "id is null": encode(b'{"o": "-like_count", "v": 1, "k": null}'),
    "id is too large": encode(b'{"o": "-like_count", "v": 1, "k": 100000000000000000000}'),
    "id is infinite": encode(b'{"o": "-like_count", "v": 1, "k": -Infinity}'),
    "nested deeper than json parses": encode(b"[" * 3000),
}


@pytest.mark.parametrize("cursor", TAMPERED.values(), ids=TAMPERED.keys())
def test_tampered_cursor_is_rejected(client_for, seven_songs, cursor):
    response = client_for(None).get(SONGS, {"ordering": "-like_count", "cursor": cursor})

    assert response.status_code == 400, response.content
    assert "cursor" in response.json()


TAMPERED_DATES = {
    "not a date": "yesterday",
    "impossible date": "2024-02-30T00:00:00Z",
    "null": None,
    "without time zone": "2024-01-01T00:00:00",
    "a date only": "2024-01-01",
    "year zero in UTC": "0001-01-01T00:00:00+01:00",
    "year 10000 in UTC": "9999-12-31T23:59:59-01:00",
}


@pytest.mark.parametrize("value", TAMPERED_DATES.values(), ids=TAMPERED_DATES.keys())
def test_tampered_cursor_date_is_rejected(client_for, seven_songs, value):
    cursor = encode(json.dumps({"o": "created_at", "v": value, "k": 1}).encode())

    response = client_for(None).get(SONGS, {"ordering": "created_at", "cursor": cursor})

    assert response.status_code == 400, response.content
    assert "cursor" in response.json()


def test_cursor_of_a_deleted_row_still_leads_to_the_next_rows(client_for, seven_songs):
    client = client_for(None)
    first = client.get(SONGS, {"ordering": "title", "page_size": 3}).json()
    Song.objects.filter(title="s2").delete()

    second = client.get(first["next"]).json()

    assert [row["title"] for row in second["results"]] == ["s3", "s4", "s5"]


def test_page_shows_rows_created_after_the_previous_page_was_read(client_for, seven_songs):
    client = client_for(None)
    first = client.get(SONGS, {"ordering": "created_at", "page_size": 4}).json()
    Song.objects.create(title="late", created_at=timezone.now())

    rest = walk(client, first["next"])

    assert [row["title"] for row in rows_of(rest)] == ["s4", "s5", "s6", "late"]
