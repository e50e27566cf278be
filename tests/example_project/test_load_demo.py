from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from django_musiclib.albums.models import Album
from django_musiclib.artists.models import Artist
from django_musiclib.comments.models import Comment
from django_musiclib.songs.models import Reaction, Song
from example_project.demo.management.commands.load_demo import Command

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def load_demo() -> None:
    call_command(Command(), stdout=io.StringIO())


def catalog_counts() -> tuple[int, ...]:
    return (
        Artist.objects.count(),
        Album.objects.count(),
        Song.objects.count(),
        Reaction.objects.count(),
        Comment.objects.count(),
    )


def test_load_demo_fills_a_catalog_of_a_few_dozen_objects():
    load_demo()

    artists, albums, songs, reactions, comments = catalog_counts()
    assert artists >= 20 and albums >= 10 and songs >= 40
    assert reactions > 0 and comments > 0
    assert not Song.objects.annotate(n=Count("artists")).filter(n=0).exists()


def test_load_demo_twice_adds_nothing():
    load_demo()
    first = catalog_counts()

    load_demo()

    assert catalog_counts() == first


def test_load_demo_song_counters_match_the_reactions():
    load_demo()

    songs = Song.objects.annotate(
        likes=Count("reactions", filter=Q(reactions__value=Reaction.Value.LIKE)),
        dislikes=Count("reactions", filter=Q(reactions__value=Reaction.Value.DISLIKE)),
    )
    assert songs.exists()
    for song in songs:
        assert (song.like_count, song.dislike_count) == (song.likes, song.dislikes)


def test_load_demo_gives_some_songs_playable_audio(client):
    load_demo()

    with_audio = Song.objects.exclude(audio="")
    assert with_audio.count() >= 5
    song = with_audio.first()
    assert song.audio_mime_type == "audio/wav"
    assert song.duration and song.duration > 0

    response = client.get(f"/api/songs/{song.pk}/stream", HTTP_RANGE="bytes=0-99")

    assert response.status_code == 206
    assert b"".join(response.streaming_content)[:4] == b"RIFF"


def test_load_demo_twice_stores_each_audio_file_once(media_root):
    load_demo()
    files = sorted(path.name for path in media_root.rglob("*.wav"))

    load_demo()

    assert sorted(path.name for path in media_root.rglob("*.wav")) == files
    assert len(
        set(Song.objects.exclude(audio="").values_list("audio_checksum", flat=True))
    ) == len(files)
