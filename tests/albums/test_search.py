"""?search= on /api/albums: words of titles and artist names; typos on PostgreSQL."""

from __future__ import annotations

import pytest

from django_musiclib.albums.models import Album
from tests.factories import AlbumFactory, ArtistFactory

pytestmark = pytest.mark.django_db

LIST = "/api/albums"


def titles(client, search, **params):
    response = client.get(LIST, {"search": search, **params})
    assert response.status_code == 200, response.content
    return [album["title"] for album in response.json()["results"]]


@pytest.fixture
def catalog():
    beatles = ArtistFactory(name="The Beatles")
    AlbumFactory(title="Abbey Road", artists=[beatles])
    AlbumFactory(title="Revolver", artists=[beatles])
    AlbumFactory(title="OK Computer", artists=[ArtistFactory(name="Radiohead")])
    AlbumFactory(title="Homogenic", artists=[ArtistFactory(name="Björk")])
    AlbumFactory(title="Blue Train", artists=[ArtistFactory(name="John Coltrane")])
    AlbumFactory(title="Blue Lines", artists=[ArtistFactory(name="Massive Attack")])


def test_search_finds_an_album_by_a_word_of_its_title(api_client, catalog):
    assert titles(api_client, "revolver") == ["Revolver"]


def test_search_finds_albums_by_artist_name(api_client, catalog):
    assert sorted(titles(api_client, "beatles")) == ["Abbey Road", "Revolver"]


def test_search_needs_every_word_to_match(api_client, catalog):
    assert titles(api_client, "blue train") == ["Blue Train"]


def test_search_words_may_match_title_and_artist(api_client, catalog):
    assert titles(api_client, "computer radiohead") == ["OK Computer"]


def test_search_ignores_case(api_client, catalog):
    assert titles(api_client, "HOMOGENIC") == ["Homogenic"]


def test_search_without_a_match_is_empty(api_client, catalog):
    assert titles(api_client, "zzxqv") == []


def test_search_of_only_punctuation_is_empty(api_client, catalog):
    assert titles(api_client, "?!") == []


def test_search_longer_than_200_characters_is_rejected(api_client, catalog):
    response = api_client.get(LIST, {"search": "a" * 201})

    assert response.status_code == 400
    assert "search" in response.json()


def test_explicit_ordering_applies_to_a_search(api_client, catalog):
    assert titles(api_client, "blue", ordering="title") == ["Blue Lines", "Blue Train"]


def test_renaming_an_album_changes_what_search_finds(api_client, catalog):
    album = Album.objects.get(title="Revolver")

    album.title = "Rubber Soul"
    album.save()

    assert titles(api_client, "rubber") == ["Rubber Soul"]
    assert titles(api_client, "revolver") == []


def test_renaming_an_artist_changes_which_albums_search_finds(api_client, catalog):
    artist = Album.objects.get(title="Homogenic").artists.get()

    artist.name = "Sugarcubes"
    artist.save()

    assert titles(api_client, "sugarcubes") == ["Homogenic"]
    assert titles(api_client, "björk") == []


def test_recrediting_an_album_changes_which_artist_search_finds_it_by(client_for, catalog):
    album = Album.objects.get(title="OK Computer")
    covering = ArtistFactory(name="Easy Star All-Stars")

    response = client_for(album.created_by).patch(
        f"{LIST}/{album.pk}", {"artists": [covering.pk]}, format="json"
    )

    assert response.status_code == 200
    assert titles(client_for(None), "easy star") == ["OK Computer"]
    assert titles(client_for(None), "radiohead") == []


@pytest.mark.postgres
def test_last_word_of_a_search_is_a_prefix(api_client, catalog):
    assert titles(api_client, "homog") == ["Homogenic"]


@pytest.mark.postgres
def test_search_without_accents_finds_artist_with_accents(api_client, catalog):
    assert titles(api_client, "bjork") == ["Homogenic"]


@pytest.mark.postgres
def test_search_finds_albums_by_a_misspelled_artist_name(api_client, catalog):
    assert sorted(titles(api_client, "beatels")) == ["Abbey Road", "Revolver"]


@pytest.mark.postgres
def test_search_finds_an_album_by_a_misspelled_title(api_client, catalog):
    assert titles(api_client, "revolvr") == ["Revolver"]


@pytest.mark.postgres
def test_search_orders_title_matches_before_artist_matches(api_client):
    # The artist-only match is the newer album: newest-first would list it first.
    AlbumFactory(title="Nirvana")
    AlbumFactory(title="Nevermind", artists=[ArtistFactory(name="Nirvana")])

    assert titles(api_client, "nirvana") == ["Nirvana", "Nevermind"]
