"""?search= on /api/artists: words of names; accents and typos on PostgreSQL."""

from __future__ import annotations

import pytest

from django_musiclib.artists.models import Artist
from tests.factories import ArtistFactory

pytestmark = pytest.mark.django_db

LIST = "/api/artists"


def names(client, search, **params):
    response = client.get(LIST, {"search": search, **params})
    assert response.status_code == 200, response.content
    return [artist["name"] for artist in response.json()["results"]]


@pytest.fixture
def anon(client_for):
    return client_for(None)


@pytest.fixture
def catalog():
    for name in ["The Beatles", "The Kinks", "Radiohead", "Björk", "Billie Holiday"]:
        ArtistFactory(name=name)


def test_search_finds_an_artist_by_a_word_of_the_name(anon, catalog):
    assert names(anon, "kinks") == ["The Kinks"]


def test_search_needs_every_word_to_match(anon, catalog):
    assert names(anon, "the kinks") == ["The Kinks"]


def test_search_ignores_case(anon, catalog):
    assert names(anon, "RADIOHEAD") == ["Radiohead"]


def test_search_without_a_match_is_empty(anon, catalog):
    assert names(anon, "zzxqv") == []


def test_search_of_only_punctuation_is_empty(anon, catalog):
    assert names(anon, "...") == []


def test_search_longer_than_200_characters_is_rejected(anon, catalog):
    response = anon.get(LIST, {"search": "a" * 201})

    assert response.status_code == 400
    assert "search" in response.json()


def test_explicit_ordering_applies_to_a_search(anon, catalog):
    assert names(anon, "the", ordering="-name") == ["The Kinks", "The Beatles"]


def test_renaming_an_artist_changes_what_search_finds(client_for, catalog):
    artist = Artist.objects.get(name="The Kinks")

    response = client_for(artist.created_by).patch(
        f"{LIST}/{artist.pk}", {"name": "The Zombies"}, format="json"
    )

    assert response.status_code == 200
    assert names(client_for(None), "zombies") == ["The Zombies"]
    assert names(client_for(None), "kinks") == []


@pytest.mark.postgres
def test_last_word_of_a_search_is_a_prefix(anon, catalog):
    assert names(anon, "radioh") == ["Radiohead"]


@pytest.mark.postgres
def test_search_without_accents_finds_name_with_accents(anon, catalog):
    assert names(anon, "Bjork") == ["Björk"]


@pytest.mark.postgres
def test_search_with_accents_finds_name_without_accents(anon, catalog):
    assert names(anon, "Rädiohead") == ["Radiohead"]


@pytest.mark.postgres
def test_search_finds_an_artist_by_a_misspelled_name(anon, catalog):
    assert names(anon, "beatels") == ["The Beatles"]
