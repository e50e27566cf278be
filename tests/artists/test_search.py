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
def catalog():
    for name in ["The Beatles", "The Kinks", "Radiohead", "Björk", "Billie Holiday"]:
        ArtistFactory(name=name)


def test_search_finds_an_artist_by_a_word_of_the_name(api_client, catalog):
    assert names(api_client, "kinks") == ["The Kinks"]


def test_search_needs_every_word_to_match(api_client, catalog):
    assert names(api_client, "the kinks") == ["The Kinks"]


def test_search_ignores_case(api_client, catalog):
    assert names(api_client, "RADIOHEAD") == ["Radiohead"]


def test_search_without_a_match_is_empty(api_client, catalog):
    assert names(api_client, "zzxqv") == []


def test_search_of_only_punctuation_is_empty(api_client, catalog):
    assert names(api_client, "...") == []


def test_search_longer_than_200_characters_is_rejected(api_client, catalog):
    response = api_client.get(LIST, {"search": "a" * 201})

    assert response.status_code == 400
    assert "search" in response.json()


def test_explicit_ordering_applies_to_a_search(api_client, catalog):
    assert names(api_client, "the", ordering="-name") == ["The Kinks", "The Beatles"]


def test_renaming_an_artist_changes_what_search_finds(client_for, catalog):
    artist = Artist.objects.get(name="The Kinks")

    response = client_for(artist.created_by).patch(
        f"{LIST}/{artist.pk}", {"name": "The Zombies"}, format="json"
    )

    assert response.status_code == 200
    assert names(client_for(None), "zombies") == ["The Zombies"]
    assert names(client_for(None), "kinks") == []


@pytest.mark.postgres
def test_last_word_of_a_search_is_a_prefix(api_client, catalog):
    assert names(api_client, "radioh") == ["Radiohead"]


@pytest.mark.postgres
def test_search_without_accents_finds_name_with_accents(api_client, catalog):
    assert names(api_client, "Bjork") == ["Björk"]


@pytest.mark.postgres
def test_search_with_accents_finds_name_without_accents(api_client, catalog):
    assert names(api_client, "Rädiohead") == ["Radiohead"]


@pytest.mark.postgres
def test_search_finds_an_artist_by_a_misspelled_name(api_client, catalog):
    assert names(api_client, "beatels") == ["The Beatles"]
