"""GET /api/search?q=: the best songs, albums and artists of one search together."""

from __future__ import annotations

import pytest

from django_musiclib.songs.models import Reaction
from tests.factories import AlbumFactory, ArtistFactory, SongFactory, react

pytestmark = pytest.mark.django_db

SEARCH = "/api/search"


@pytest.fixture
def catalog():
    beatles = ArtistFactory(name="The Beatles")
    ArtistFactory(name="Radiohead")
    abbey_road = AlbumFactory(title="Abbey Road", artists=[beatles])
    AlbumFactory(title="OK Computer")
    SongFactory(title="Something", artists=[beatles], album=abbey_road)
    SongFactory(title="Paranoid Android")
    return {"beatles": beatles}


def names(body, kind):
    key = "name" if kind == "artists" else "title"
    return sorted(row[key] for row in body[kind])


def test_search_returns_matching_songs_albums_and_artists(client_for, catalog):
    response = client_for(None).get(SEARCH, {"q": "beatles"})

    assert response.status_code == 200
    body = response.json()
    assert names(body, "songs") == ["Something"]
    assert names(body, "albums") == ["Abbey Road"]
    assert names(body, "artists") == ["The Beatles"]


def test_search_leaves_out_what_does_not_match(client_for, catalog):
    body = client_for(None).get(SEARCH, {"q": "android"}).json()

    assert names(body, "songs") == ["Paranoid Android"]
    assert body["albums"] == []
    assert body["artists"] == []


def test_search_without_a_match_returns_empty_lists(client_for, catalog):
    response = client_for(None).get(SEARCH, {"q": "zzxqv"})

    assert response.status_code == 200
    assert response.json() == {"songs": [], "albums": [], "artists": []}


def test_search_of_only_punctuation_returns_empty_lists(client_for, catalog):
    response = client_for(None).get(SEARCH, {"q": "?!"})

    assert response.status_code == 200, response.content
    assert response.json() == {"songs": [], "albums": [], "artists": []}


def test_search_answers_without_trailing_slash_and_with_it(client_for, catalog):
    without = client_for(None).get(SEARCH, {"q": "beatles"})
    with_slash = client_for(None).get(f"{SEARCH}/", {"q": "beatles"})

    assert without.status_code == with_slash.status_code == 200
    assert without.json() == with_slash.json()


def test_limit_caps_each_list(client_for):
    artist = ArtistFactory(name="Prolific")
    for n in range(3):
        ArtistFactory(name=f"Prolific {n}")
        AlbumFactory(title=f"Album {n}", artists=[artist])
        SongFactory(title=f"Song {n}", artists=[artist])

    body = client_for(None).get(SEARCH, {"q": "prolific", "limit": 2}).json()

    assert [len(body[kind]) for kind in ["songs", "albums", "artists"]] == [2, 2, 2]


def test_limit_defaults_to_5(client_for):
    artist = ArtistFactory(name="Prolific")
    for n in range(6):
        SongFactory(title=f"Song {n}", artists=[artist])

    body = client_for(None).get(SEARCH, {"q": "prolific"}).json()

    assert len(body["songs"]) == 5


def test_limit_of_20_is_accepted(client_for, catalog):
    response = client_for(None).get(SEARCH, {"q": "beatles", "limit": 20})

    assert response.status_code == 200


def test_missing_query_is_rejected(client_for, catalog):
    response = client_for(None).get(SEARCH)

    assert response.status_code == 400
    assert "q" in response.json()


def test_blank_query_is_rejected(client_for, catalog):
    response = client_for(None).get(SEARCH, {"q": "  "})

    assert response.status_code == 400
    assert "q" in response.json()


def test_query_longer_than_200_characters_is_rejected(client_for, catalog):
    response = client_for(None).get(SEARCH, {"q": "a" * 201})

    assert response.status_code == 400
    assert "q" in response.json()


@pytest.mark.parametrize("limit", ["0", "21", "abc", "-1"])
def test_invalid_limit_is_rejected(client_for, catalog, limit):
    response = client_for(None).get(SEARCH, {"q": "beatles", "limit": limit})

    assert response.status_code == 400
    assert "limit" in response.json()


def test_anonymous_search_shows_no_reaction(client_for, catalog):
    body = client_for(None).get(SEARCH, {"q": "something"}).json()

    assert [song["my_reaction"] for song in body["songs"]] == [None]


def test_signed_in_search_shows_my_reaction(client_for, user, other_user, catalog):
    song = catalog["beatles"].songs.get()
    react(user, song, Reaction.Value.DISLIKE)
    react(other_user, song, Reaction.Value.LIKE)

    body = client_for(user).get(SEARCH, {"q": "something"}).json()

    assert [song["my_reaction"] for song in body["songs"]] == ["dislike"]


def test_search_is_not_paginated(client_for, catalog):
    body = client_for(None).get(SEARCH, {"q": "beatles"}).json()

    assert set(body) == {"songs", "albums", "artists"}


@pytest.mark.postgres
def test_search_finds_misspelled_artist_in_every_list(client_for, catalog):
    body = client_for(None).get(SEARCH, {"q": "beatels"}).json()

    assert names(body, "songs") == ["Something"]
    assert names(body, "albums") == ["Abbey Road"]
    assert names(body, "artists") == ["The Beatles"]


@pytest.mark.postgres
def test_search_lists_best_matches_first(client_for):
    SongFactory(title="Nirvana")
    SongFactory(title="Lithium", artists=[ArtistFactory(name="Nirvana")])

    body = client_for(None).get(SEARCH, {"q": "nirvana"}).json()

    assert [song["title"] for song in body["songs"]] == ["Nirvana", "Lithium"]
