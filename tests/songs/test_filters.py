"""Filters of /api/songs: each narrows the list, bad values answer 400 naming the field."""

from __future__ import annotations

import datetime

import pytest

from django_musiclib.songs.models import Reaction
from tests.factories import AlbumFactory, ArtistFactory, SongFactory, react

pytestmark = pytest.mark.django_db

LIST = "/api/songs"


def titles(client, **params):
    response = client.get(LIST, {"ordering": "title", **params})
    assert response.status_code == 200, response.content
    return [song["title"] for song in response.json()["results"]]


@pytest.fixture
def catalog():
    miles = ArtistFactory(name="Miles Davis")
    coltrane = ArtistFactory(name="John Coltrane")
    kind_of_blue = AlbumFactory(title="Kind of Blue", release_date=datetime.date(1959, 8, 17))
    giant_steps = AlbumFactory(title="Giant Steps", release_date=datetime.date(1960, 1, 27))
    bitches_brew = AlbumFactory(title="Bitches Brew", release_date=datetime.date(1970, 3, 30))
    undated = AlbumFactory(title="Bootleg", release_date=None)
    SongFactory(title="So What", artists=[miles], album=kind_of_blue, genre="Jazz", duration=562)
    SongFactory(
        title="Blue in Green",
        artists=[miles, coltrane],
        album=kind_of_blue,
        genre="jazz",
        duration=337,
    )
    SongFactory(title="Naima", artists=[coltrane], album=giant_steps, genre="Jazz", duration=261)
    SongFactory(
        title="Spanish Key", artists=[miles], album=bitches_brew, genre="Fusion", duration=1050
    )
    SongFactory(title="Live Take", artists=[coltrane], album=undated, genre="Jazz")
    SongFactory(title="Single", genre="Pop", duration=200)
    return {"miles": miles, "coltrane": coltrane, "kind_of_blue": kind_of_blue}


def test_artist_filter_shows_songs_crediting_the_artist(api_client, catalog):
    assert titles(api_client, artist=catalog["coltrane"].pk) == [
        "Blue in Green",
        "Live Take",
        "Naima",
    ]


def test_album_filter_shows_songs_on_the_album(api_client, catalog):
    assert titles(api_client, album=catalog["kind_of_blue"].pk) == ["Blue in Green", "So What"]


def test_artist_filter_of_an_artist_without_songs_is_empty(api_client, catalog):
    assert titles(api_client, artist=ArtistFactory().pk) == []


def test_genre_filter_ignores_case(api_client, catalog):
    assert titles(api_client, genre="JAZZ") == ["Blue in Green", "Live Take", "Naima", "So What"]


def test_genre_filter_matches_the_whole_genre(api_client, catalog):
    assert titles(api_client, genre="jaz") == []


def test_year_min_filter_uses_the_album_release_year(api_client, catalog):
    assert titles(api_client, year_min=1960) == ["Naima", "Spanish Key"]


def test_year_max_filter_uses_the_album_release_year(api_client, catalog):
    assert titles(api_client, year_max=1959) == ["Blue in Green", "So What"]


def test_year_range_includes_both_ends(api_client, catalog):
    assert titles(api_client, year_min=1959, year_max=1960) == [
        "Blue in Green",
        "Naima",
        "So What",
    ]


def test_duration_min_filter_includes_the_bound(api_client, catalog):
    assert titles(api_client, duration_min=562) == ["So What", "Spanish Key"]


def test_duration_max_filter_includes_the_bound(api_client, catalog):
    assert titles(api_client, duration_max=261) == ["Naima", "Single"]


def test_duration_range(api_client, catalog):
    assert titles(api_client, duration_min=300, duration_max=600) == ["Blue in Green", "So What"]


@pytest.fixture
def reactions(user, other_user, catalog):
    from django_musiclib.songs.models import Song

    react(user, Song.objects.get(title="So What"), Reaction.Value.LIKE)
    react(user, Song.objects.get(title="Naima"), Reaction.Value.DISLIKE)
    react(other_user, Song.objects.get(title="Single"), Reaction.Value.LIKE)


def test_liked_true_shows_only_the_songs_i_like(client_for, user, reactions):
    assert titles(client_for(user), liked="true") == ["So What"]


def test_liked_false_shows_every_song_i_do_not_like(client_for, user, reactions):
    assert titles(client_for(user), liked="false") == [
        "Blue in Green",
        "Live Take",
        "Naima",
        "Single",
        "Spanish Key",
    ]


def test_liked_true_of_a_user_without_likes_is_empty(client_for, staff_user, reactions):
    assert titles(client_for(staff_user), liked="true") == []


@pytest.mark.parametrize("value", ["true", "false"])
def test_liked_filter_needs_sign_in(api_client, catalog, value):
    response = api_client.get(LIST, {"liked": value})

    assert response.status_code == 401


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("artist", "abc"),
        ("artist", "0"),
        ("artist", "-1"),
        ("album", str(10**20)),
        ("album", "1.5"),
        ("year_min", "abc"),
        ("year_min", "0"),
        ("year_max", "10000"),
        ("duration_min", "-1"),
        ("duration_max", "abc"),
        ("liked", "maybe"),
        ("liked", "2"),
        ("genre", "g" * 101),
    ],
)
def test_invalid_filter_value_is_rejected_naming_the_field(client_for, user, field, value):
    response = client_for(user).get(LIST, {field: value})

    assert response.status_code == 400, response.content
    assert field in response.json()


def test_filters_combine(api_client, catalog):
    assert titles(api_client, artist=catalog["miles"].pk, genre="jazz", duration_max=400) == [
        "Blue in Green"
    ]


def test_filters_combine_with_search_and_ordering(api_client, catalog):
    assert titles(api_client, search="blue", genre="jazz", ordering="-title") == [
        "So What",
        "Blue in Green",
    ]


def test_filters_combine_with_a_search_by_artist(client_for, user, reactions):
    assert titles(client_for(user), search="miles", liked="false") == [
        "Blue in Green",
        "Spanish Key",
    ]
