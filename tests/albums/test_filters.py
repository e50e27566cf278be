"""Filters of /api/albums: each narrows the list, bad values answer 400 naming the field."""

from __future__ import annotations

import datetime

import pytest

from tests.factories import AlbumFactory, ArtistFactory

pytestmark = pytest.mark.django_db

LIST = "/api/albums"


def titles(client, **params):
    response = client.get(LIST, {"ordering": "title", **params})
    assert response.status_code == 200, response.content
    return [album["title"] for album in response.json()["results"]]


@pytest.fixture
def catalog():
    miles = ArtistFactory(name="Miles Davis")
    coltrane = ArtistFactory(name="John Coltrane")
    AlbumFactory(
        title="Kind of Blue",
        artists=[miles, coltrane],
        genre="Jazz",
        release_date=datetime.date(1959, 8, 17),
    )
    AlbumFactory(
        title="Giant Steps",
        artists=[coltrane],
        genre="jazz",
        release_date=datetime.date(1960, 1, 27),
    )
    AlbumFactory(
        title="Bitches Brew",
        artists=[miles],
        genre="Fusion",
        release_date=datetime.date(1970, 3, 30),
    )
    AlbumFactory(title="Bootleg", artists=[coltrane], genre="Jazz", release_date=None)
    return {"miles": miles, "coltrane": coltrane}


def test_artist_filter_shows_albums_crediting_the_artist(api_client, catalog):
    assert titles(api_client, artist=catalog["miles"].pk) == ["Bitches Brew", "Kind of Blue"]


def test_genre_filter_ignores_case(api_client, catalog):
    assert titles(api_client, genre="JAZZ") == ["Bootleg", "Giant Steps", "Kind of Blue"]


def test_year_filter_shows_albums_released_that_year(api_client, catalog):
    assert titles(api_client, year=1960) == ["Giant Steps"]


def test_year_min_filter_includes_the_year(api_client, catalog):
    assert titles(api_client, year_min=1960) == ["Bitches Brew", "Giant Steps"]


def test_year_max_filter_includes_the_year(api_client, catalog):
    assert titles(api_client, year_max=1960) == ["Giant Steps", "Kind of Blue"]


def test_year_filters_leave_out_albums_without_a_date(api_client, catalog):
    assert "Bootleg" not in titles(api_client, year_min=1, year_max=9999)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("artist", "abc"),
        ("artist", "0"),
        ("artist", str(10**20)),
        ("year", "abc"),
        ("year", "0"),
        ("year_min", "abc"),
        ("year_max", "10000"),
        ("genre", "g" * 101),
    ],
)
def test_invalid_filter_value_is_rejected_naming_the_field(api_client, catalog, field, value):
    response = api_client.get(LIST, {field: value})

    assert response.status_code == 400, response.content
    assert field in response.json()


def test_filters_combine(api_client, catalog):
    assert titles(api_client, artist=catalog["coltrane"].pk, genre="jazz", year_max=1959) == [
        "Kind of Blue"
    ]


def test_filters_combine_with_search_and_ordering(api_client, catalog):
    assert titles(api_client, search="coltrane", genre="jazz", ordering="-release_date") == [
        "Giant Steps",
        "Kind of Blue",
        "Bootleg",
    ]
