"""?search= on /api/songs: words of titles, artist names and album titles; typos on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection

from django_musiclib.songs.models import Song
from django_musiclib.songs.search import search_songs
from tests.factories import AlbumFactory, ArtistFactory, SongFactory

pytestmark = pytest.mark.django_db

LIST = "/api/songs"


def titles(client, search, **params):
    response = client.get(LIST, {"search": search, **params})
    assert response.status_code == 200, response.content
    return [song["title"] for song in response.json()["results"]]


def every_title(client, params):
    """The titles of every page of a list, following ``next``."""
    found = []
    response = client.get(LIST, params)
    for _ in range(50):
        assert response.status_code == 200, response.content
        found += [song["title"] for song in response.json()["results"]]
        if response.json()["next"] is None:
            return found
        response = client.get(response.json()["next"])
    raise AssertionError(f"next never ends: {found}")


@pytest.fixture
def beatles():
    return ArtistFactory(name="The Beatles")


@pytest.fixture
def catalog(beatles):
    """A few songs whose titles, artists and albums share no word by accident."""
    help_album = AlbumFactory(title="Help", artists=[beatles])
    SongFactory(title="Yesterday", artists=[beatles], album=help_album)
    SongFactory(title="Ticket to Ride", artists=[beatles], album=help_album)
    SongFactory(title="Paranoid Android", artists=[ArtistFactory(name="Radiohead")])
    SongFactory(title="Hyperballad", artists=[ArtistFactory(name="Björk")])
    SongFactory(title="Blue Moon", artists=[ArtistFactory(name="Billie Holiday")])
    SongFactory(title="Blue Sky", artists=[ArtistFactory(name="Allman Brothers")])


def test_search_finds_a_song_by_a_word_of_its_title(api_client, catalog):
    assert titles(api_client, "android") == ["Paranoid Android"]


def test_search_finds_songs_by_artist_name(api_client, catalog):
    assert sorted(titles(api_client, "radiohead")) == ["Paranoid Android"]


def test_search_finds_songs_by_album_title(api_client, catalog):
    assert sorted(titles(api_client, "help")) == ["Ticket to Ride", "Yesterday"]


def test_search_needs_every_word_to_match(api_client, catalog):
    assert titles(api_client, "blue moon") == ["Blue Moon"]


def test_search_words_may_match_different_fields(api_client, catalog):
    assert titles(api_client, "android radiohead") == ["Paranoid Android"]


def test_search_ignores_case(api_client, catalog):
    assert titles(api_client, "PARANOID") == ["Paranoid Android"]


def test_search_ignores_punctuation_between_words(api_client, catalog):
    assert titles(api_client, "blue, moon!") == ["Blue Moon"]


def test_search_without_a_match_is_empty(api_client, catalog):
    response = api_client.get(LIST, {"search": "zzxqv"})

    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("search", ["!!!", "-- & | :*", "'"])
def test_search_of_only_punctuation_is_empty(api_client, catalog, search):
    response = api_client.get(LIST, {"search": search})

    assert response.status_code == 200, response.content
    assert response.json()["results"] == []


def test_blank_search_lists_every_song(api_client, catalog):
    response = api_client.get(LIST, {"search": "   "})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 6


def test_search_of_200_characters_is_accepted(api_client, catalog):
    response = api_client.get(LIST, {"search": "moon " + "x" * 195})

    assert response.status_code == 200


def test_search_longer_than_200_characters_is_rejected(api_client, catalog):
    response = api_client.get(LIST, {"search": "a" * 201})

    assert response.status_code == 400
    assert "search" in response.json()


def test_explicit_ordering_applies_to_a_search(api_client, catalog):
    assert titles(api_client, "beatles", ordering="-title") == ["Yesterday", "Ticket to Ride"]


def test_search_pages_follow_next_to_the_end(api_client, beatles):
    for n in range(5):
        SongFactory(title=f"Beatles song {n}" if n % 2 else f"Song {n}", artists=[beatles])

    found = every_title(api_client, {"search": "beatles", "page_size": 2})

    assert sorted(found) == ["Beatles song 1", "Beatles song 3", "Song 0", "Song 2", "Song 4"]


def test_searches_edited_song_by_its_new_title(client_for, catalog):
    song = Song.objects.get(title="Blue Sky")

    response = client_for(song.created_by).patch(f"{LIST}/{song.pk}", {"title": "Jessica"})

    assert response.status_code == 200
    assert titles(client_for(None), "jessica") == ["Jessica"]
    assert titles(client_for(None), "sky") == []


def test_renaming_an_artist_changes_which_songs_search_finds(api_client, catalog):
    artist = Song.objects.get(title="Hyperballad").artists.get()

    artist.name = "Sugarcubes"
    artist.save()

    assert titles(api_client, "sugarcubes") == ["Hyperballad"]
    assert titles(api_client, "björk") == []


def test_renaming_an_album_changes_which_songs_search_finds(api_client, catalog):
    album = Song.objects.get(title="Yesterday").album

    album.title = "Rubber Soul"
    album.save()

    assert sorted(titles(api_client, "rubber soul")) == ["Ticket to Ride", "Yesterday"]
    assert titles(api_client, "help") == []


def test_moving_a_song_to_another_album_changes_what_search_finds(client_for, catalog):
    song = Song.objects.get(title="Blue Moon")
    album = AlbumFactory(title="Lady Day")

    response = client_for(song.created_by).patch(f"{LIST}/{song.pk}", {"album": album.pk})

    assert response.status_code == 200
    assert titles(client_for(None), "lady day") == ["Blue Moon"]


def test_recrediting_a_song_changes_which_artist_search_finds_it_by(client_for, catalog):
    song = Song.objects.get(title="Paranoid Android")
    covering = ArtistFactory(name="Postmodern Jukebox")

    response = client_for(song.created_by).patch(
        f"{LIST}/{song.pk}", {"artists": [covering.pk]}, format="json"
    )

    assert response.status_code == 200
    assert titles(client_for(None), "jukebox") == ["Paranoid Android"]
    assert titles(client_for(None), "radiohead") == []


# PostgreSQL: prefixes, accents, typos, relevance and the index


@pytest.mark.postgres
def test_last_word_of_a_search_is_a_prefix(api_client, catalog):
    assert titles(api_client, "yester") == ["Yesterday"]


@pytest.mark.postgres
def test_search_without_accents_finds_artist_with_accents(api_client, catalog):
    assert titles(api_client, "Bjork") == ["Hyperballad"]


@pytest.mark.postgres
def test_search_with_accents_finds_title_without_accents(api_client, catalog):
    assert titles(api_client, "hypérballad") == ["Hyperballad"]


@pytest.mark.postgres
def test_search_finds_songs_by_a_misspelled_artist_name(api_client, catalog):
    assert sorted(titles(api_client, "beatels")) == ["Ticket to Ride", "Yesterday"]


@pytest.mark.postgres
def test_search_finds_a_song_by_a_misspelled_title_word(api_client, catalog):
    assert titles(api_client, "yesterdy") == ["Yesterday"]


@pytest.mark.postgres
def test_search_orders_title_matches_before_album_matches(api_client):
    # The album-only match is the newer song: newest-first would list it first.
    SongFactory(title="Abbey Road")
    SongFactory(title="Something", album=AlbumFactory(title="Abbey Road"))

    assert titles(api_client, "abbey road") == ["Abbey Road", "Something"]


@pytest.mark.postgres
def test_search_orders_title_matches_before_artist_matches(api_client):
    SongFactory(title="Nirvana")
    SongFactory(title="Lithium", artists=[ArtistFactory(name="Nirvana")])

    assert titles(api_client, "nirvana") == ["Nirvana", "Lithium"]


@pytest.mark.postgres
def test_explicit_ordering_overrides_relevance(api_client):
    SongFactory(title="Abbey Road")
    SongFactory(title="Something", album=AlbumFactory(title="Abbey Road"))

    assert titles(api_client, "abbey road", ordering="-created_at") == ["Something", "Abbey Road"]


@pytest.mark.postgres
def test_relevance_pages_follow_next_with_every_song_once(api_client):
    artist = ArtistFactory(name="Sun Ra")
    album = AlbumFactory(title="Sun Song")
    for n in range(4):
        SongFactory(title=f"Sun {n}", artists=[artist])
        SongFactory(title=f"Track {n}", artists=[artist], album=album)
        SongFactory(title=f"Sunny {n}")

    found = every_title(api_client, {"search": "sun", "page_size": 2})

    assert sorted(found) == sorted(
        [f"{prefix} {n}" for prefix in ["Sun", "Track", "Sunny"] for n in range(4)]
    )


@pytest.mark.postgres
def test_song_search_uses_the_gin_index(catalog):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")

    plan = search_songs(Song.objects.all(), "word").explain()

    assert "musiclib_song_search_idx" in plan
