"""Every list and detail costs a fixed number of SQL queries, whatever the page size and
whoever asks: anonymous, signed in with a token, or with a browser session."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from django_musiclib.albums.models import Album, AlbumArtist
from django_musiclib.artists.models import Artist
from django_musiclib.comments.models import Comment
from django_musiclib.songs.models import Reaction, Song, SongArtist
from tests.factories import UserFactory, token_for

pytestmark = pytest.mark.django_db

ROWS = 110
PAGE_SIZES = (1, 50, 100)


@pytest.fixture
def catalog():
    """ROWS of everything, with two credited artists per album and song, some reactions."""
    owner = UserFactory()
    listener = UserFactory()
    artists = Artist.objects.bulk_create(
        Artist(name=f"Artist {n}", created_by=owner) for n in range(ROWS)
    )
    albums = Album.objects.bulk_create(
        Album(
            title=f"Album {n}",
            genre="Jazz",
            release_date=datetime.date(1950 + n % 70, 1, 1),
            created_by=owner,
        )
        for n in range(ROWS)
    )
    AlbumArtist.objects.bulk_create(
        AlbumArtist(album=album, artist=artists[(n + k) % ROWS], position=k)
        for n, album in enumerate(albums)
        for k in range(2)
    )
    songs = Song.objects.bulk_create(
        Song(title=f"Song {n}", album=albums[n], genre="Jazz", duration=200, created_by=owner)
        for n in range(ROWS)
    )
    SongArtist.objects.bulk_create(
        SongArtist(song=song, artist=artists[(n + k) % ROWS], position=k)
        for n, song in enumerate(songs)
        for k in range(2)
    )
    Reaction.objects.bulk_create(
        Reaction(user=listener, song=song, value=1) for song in songs[::3]
    )
    Comment.objects.bulk_create(
        Comment(song=songs[0], author=listener, body=f"Comment {n}") for n in range(ROWS)
    )
    return {"listener": listener, "song": songs[0], "album": albums[0], "artist": artists[0]}


def client_as(kind: str, user) -> APIClient:
    client = APIClient()
    if kind == "token":
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    elif kind == "session":
        client.force_login(user)
    return client


def queries_of(client: APIClient, url: str, params: dict | None = None) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return len(queries), response


# The queries of a list: the rows, then the credited artists of those rows (albums,
# songs; a song's album title and the caller's reaction come with its row). Signing in
# adds what authenticates the caller (a token lookup and its user, or the session and
# its user).
LISTS = {
    "/api/artists": 1,
    "/api/albums": 2,
    "/api/songs": 2,
    "/api/comments": 1,
}
AUTH = {"anonymous": 0, "token": 2, "session": 2}
# A song read through the serializer: its row, its artists, its album and, signed in,
# the caller's reaction.
SONG = 3
MINE = 1


def expected(url: str, kind: str) -> int:
    return LISTS[url] + AUTH[kind]


@pytest.mark.parametrize("kind", list(AUTH))
@pytest.mark.parametrize("url", list(LISTS))
def test_a_list_costs_the_same_at_every_page_size(catalog, url, kind):
    client = client_as(kind, catalog["listener"])

    counts = {}
    for size in PAGE_SIZES:
        counts[size], response = queries_of(client, url, {"page_size": size})
        assert len(response.data["results"]) == size

    assert set(counts.values()) == {expected(url, kind)}, counts


@pytest.mark.parametrize(
    "params",
    [
        {"search": "song"},
        {"ordering": "-like_count"},
        {"ordering": "release_date"},
        {"genre": "jazz", "duration_min": 100, "year_max": 2100, "ordering": "title"},
        {"liked": "true"},
    ],
    ids=["search", "likes", "release-date", "filters", "liked"],
)
def test_a_filtered_or_ordered_song_list_costs_the_same_at_every_page_size(catalog, params):
    client = client_as("token", catalog["listener"])

    counts = {}
    for size in PAGE_SIZES:
        counts[size], response = queries_of(client, "/api/songs", {**params, "page_size": size})
        assert response.data["results"]

    assert set(counts.values()) == {expected("/api/songs", "token")}, counts


@pytest.mark.parametrize("kind", list(AUTH))
def test_a_song_list_by_a_hosts_serializer_costs_the_same_at_every_page_size(catalog, kind):
    client = client_as(kind, catalog["listener"])

    counts = {}
    with override_settings(
        MUSICLIB={"SONG_SERIALIZER": "tests.songs.test_rows.SameSongSerializer"}
    ):
        for size in PAGE_SIZES:
            counts[size], _ = queries_of(client, "/api/songs", {"page_size": size})

    assert set(counts.values()) == {SONG + AUTH[kind] + (MINE if kind != "anonymous" else 0)}


def test_a_later_page_costs_what_the_first_costs(catalog):
    client = client_as("token", catalog["listener"])
    first, response = queries_of(client, "/api/songs", {"page_size": 50})

    second, _ = queries_of(client, response.data["next"])

    assert first == second


@pytest.mark.parametrize("kind", list(AUTH))
def test_details_cost_a_fixed_number_of_queries(catalog, kind):
    client = client_as(kind, catalog["listener"])
    extra = AUTH[kind]

    assert queries_of(client, f"/api/artists/{catalog['artist'].pk}")[0] == 1 + extra
    assert queries_of(client, f"/api/albums/{catalog['album'].pk}")[0] == 2 + extra
    song_extra = extra + (MINE if kind != "anonymous" else 0)
    assert queries_of(client, f"/api/songs/{catalog['song'].pk}")[0] == SONG + song_extra
    comment = Comment.objects.filter(song=catalog["song"]).first()
    assert queries_of(client, f"/api/comments/{comment.pk}")[0] == 1 + extra


def test_the_catalog_search_costs_the_same_for_any_limit(catalog):
    client = client_as("token", catalog["listener"])

    counts = {
        limit: queries_of(client, "/api/search", {"q": "1", "limit": limit})[0]
        for limit in (1, 20)
    }

    # Songs (with their album and the caller's reaction) and their artists; albums and
    # their artists; artists.
    assert set(counts.values()) == {5 + AUTH["token"]}, counts
