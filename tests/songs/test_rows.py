"""Song lists written from rows show what SongSerializer shows, whatever the list."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from django_musiclib.songs.models import Reaction, Song
from django_musiclib.songs.serializers import SongSerializer
from tests.factories import AlbumFactory, ArtistFactory, SongFactory, UserFactory, react

pytestmark = pytest.mark.django_db


class SameSongSerializer(SongSerializer):
    """The default serializer under another name: lists take DRF's way with it."""


class ShoutingSongSerializer(SongSerializer):
    """A host's own serializer: titles in capitals."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["title"] = data["title"].upper()
        return data


DRF_WAY = {"SONG_SERIALIZER": "tests.songs.test_rows.SameSongSerializer"}


@pytest.fixture
def listener():
    """A user who reacted to some songs of a catalog with every kind of song in it."""
    first, second = ArtistFactory(name="Ada Blue"), ArtistFactory(name="Bo Green")
    album = AlbumFactory(title="Blue Album", artists=[first])
    songs = [
        # Credits listed in another order than the artists were created.
        SongFactory(title="Blue in order", album=album, artists=[second, first]),
        SongFactory(title="Blue single", artists=[first], genre="Jazz", duration=200),
        SongFactory(title="Blue stored", album=album, track_number=2, disc_number=1),
        SongFactory(title="Blue linked", artists=[second]),
        SongFactory(title="Blue nothing"),
    ]
    Song.objects.filter(pk=songs[2].pk).update(
        audio="songs/stored.mp3",
        audio_mime_type="audio/mpeg",
        audio_size=123_456,
        bitrate=320_000,
        sample_rate=44_100,
        audio_checksum="ab" * 32,
    )
    Song.objects.filter(pk=songs[3].pk).update(
        source_path="/music/linked.flac", audio_mime_type="audio/flac", audio_size=9_999
    )
    user = UserFactory()
    react(user, songs[0], Reaction.Value.LIKE)
    react(user, songs[2], Reaction.Value.DISLIKE)
    react(UserFactory(), songs[1], Reaction.Value.LIKE)
    return user


def pages(client: APIClient, params: dict) -> list[bytes]:
    """Every page of the song list, following ``next``, as the client receives them."""
    found = []
    response = client.get("/api/songs", {"page_size": 2, **params})
    while True:
        assert response.status_code == 200, response.content
        found.append(response.content)
        if response.json()["next"] is None:
            return found
        response = client.get(response.json()["next"])


def both_ways(client: APIClient, params: dict) -> list[dict]:
    """The pages of a list written from rows, parsed, once checked to be the same bytes
    as the pages of the same list by the serializer."""
    from_rows = pages(client, params)
    with override_settings(MUSICLIB=DRF_WAY):
        by_serializer = pages(client, params)
    assert from_rows == by_serializer
    return [json.loads(page) for page in from_rows]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"ordering": "title"},
        {"ordering": "-like_count"},
        {"ordering": "release_date"},
        {"search": "blue"},
        {"search": "blue", "ordering": "title"},
        {"genre": "jazz"},
        {"liked": "true"},
    ],
    ids=["default", "title", "likes", "release-date", "search", "search-title", "genre", "liked"],
)
def test_a_list_from_rows_is_the_serializers_list(listener, client_for, params):
    client = client_for(listener)

    from_rows = both_ways(client, params)

    assert sum(len(page["results"]) for page in from_rows) > 0


def test_a_list_from_rows_shows_every_kind_of_song_as_the_serializer_does(listener, client_for):
    client = client_for(listener)

    from_rows = both_ways(client, {"ordering": "title"})

    songs = {song["title"]: song for page in from_rows for song in page["results"]}
    assert [a["name"] for a in songs["Blue in order"]["artists"]] == ["Bo Green", "Ada Blue"]
    assert songs["Blue in order"]["my_reaction"] == "like"
    assert songs["Blue stored"]["my_reaction"] == "dislike"
    assert songs["Blue stored"]["album"]["title"] == "Blue Album"
    assert songs["Blue stored"]["audio"]["url"].endswith(
        f"/api/songs/{songs['Blue stored']['id']}/stream"
    )
    assert songs["Blue linked"]["audio"]["mime_type"] == "audio/flac"
    assert songs["Blue nothing"]["audio"] is None
    assert songs["Blue single"]["album"] is None


def test_an_anonymous_list_from_rows_is_the_serializers_list(listener):
    from_rows = both_ways(APIClient(), {})

    assert {song["my_reaction"] for page in from_rows for song in page["results"]} == {None}


@pytest.mark.parametrize(
    "settings_",
    [
        {"TIME_ZONE": "America/Sao_Paulo"},
        {"REST_FRAMEWORK": {"DATETIME_FORMAT": "%d.%m.%Y %H:%M"}},
        {"USE_TZ": False},
    ],
    ids=["time-zone", "date-format", "naive"],
)
def test_dates_from_rows_follow_the_settings_as_the_serializers_do(
    listener, client_for, settings_
):
    Song.objects.update(created_at=datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC))
    client = client_for(listener)

    with override_settings(**settings_):
        from_rows = both_ways(client, {})

    assert from_rows[0]["results"][0]["created_at"] != "2024-01-02T03:04:05Z"


def test_songs_of_the_catalog_search_from_rows_are_the_serializers(listener, client_for):
    client = client_for(listener)

    from_rows = client.get("/api/search", {"q": "blue", "limit": 20}).json()["songs"]
    with override_settings(MUSICLIB=DRF_WAY):
        by_serializer = client.get("/api/search", {"q": "blue", "limit": 20}).json()["songs"]

    assert len(from_rows) == 5
    assert from_rows == by_serializer


def test_a_hosts_song_serializer_writes_the_list(listener):
    client = APIClient()

    with override_settings(
        MUSICLIB={"SONG_SERIALIZER": "tests.songs.test_rows.ShoutingSongSerializer"}
    ):
        titles = [
            song["title"] for page in pages(client, {}) for song in json.loads(page)["results"]
        ]

    assert titles and all(title.isupper() for title in titles)


def test_dates_are_in_the_current_time_zone(listener):
    Song.objects.update(created_at=datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC))
    client = APIClient()

    with override_settings(TIME_ZONE="Asia/Tokyo"):
        song = client.get("/api/songs").json()["results"][0]

    assert song["created_at"] == "2024-01-02T12:04:05+09:00"
