"""Uploading audio: tags fill what the client left empty; bad files leave nothing behind."""

from __future__ import annotations

import mutagen
import pytest
from django.test import override_settings

from django_musiclib.artists.models import Artist
from django_musiclib.songs.models import Song
from tests.audio import FORMATS, fixture_bytes, sha256, stored_files, upload
from tests.factories import AlbumFactory, ArtistFactory, SongFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client_for, user):
    return client_for(user)


def post(client, **data):
    return client.post("/api/songs", data, format="multipart")


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_each_format_is_read_and_stored(client, media_root, name):
    mime_type, title = FORMATS[name]

    response = post(client, audio=upload(name))

    assert response.status_code == 201, response.data
    audio = response.data["audio"]
    assert response.data["title"] == title
    assert audio["mime_type"] == mime_type
    assert audio["size"] == len(fixture_bytes(name))
    assert audio["checksum"] == sha256(fixture_bytes(name))
    assert audio["sample_rate"] > 0 and audio["bitrate"] > 0
    assert audio["url"].endswith(f"/api/songs/{response.data['id']}/stream")
    assert response.data["duration"] == 1
    assert len(stored_files(media_root / "musiclib" / "audio")) == 1


def test_control_characters_in_tags_become_spaces(client, media_root, tmp_path):
    # A NUL would make PostgreSQL refuse the row; a title may hold no control character.
    path = tmp_path / "odd.flac"
    path.write_bytes(fixture_bytes("sigur_ros.flac"))
    tagged = mutagen.File(path)
    tagged["title"] = ["Svefn\x00g\x07englar"]
    tagged["artist"] = ["Sigur\x1bRós"]
    tagged.save()

    response = post(client, audio=upload("odd.flac", data=path.read_bytes()))

    assert response.status_code == 201, response.data
    assert response.data["title"] == "Svefn g englar"
    assert [artist["name"] for artist in response.data["artists"]] == ["Sigur Rós"]


def test_tags_fill_title_artists_album_numbers_and_genre(client, media_root):
    response = post(client, audio=upload("bjork.mp3"))

    song = Song.objects.get(pk=response.data["id"])
    assert song.title == "Jóga"
    assert [a.name for a in song.artists.all()] == ["Björk"]
    assert song.album.title == "Homogenic"
    assert [a.name for a in song.album.artists.all()] == ["Björk"]
    assert (song.track_number, song.disc_number, song.genre) == (2, 1, "Electronic")
    assert str(song.album.release_date) == "1997-01-01"


def test_several_artist_tags_credit_several_artists_in_order(client, media_root):
    response = post(client, audio=upload("opus.opus"))

    assert [a["name"] for a in response.data["artists"]] == ["Ólafur Arnalds", "Nils Frahm"]


def test_a_full_date_tag_becomes_the_albums_release_date(client, media_root):
    response = post(client, audio=upload("sigur_ros.flac"))

    assert Song.objects.get(pk=response.data["id"]).album.release_date.isoformat() == (
        "1999-06-12"
    )


def test_what_the_client_sends_wins_over_the_tags(client, media_root):
    artist = ArtistFactory(name="Someone Else")
    album = AlbumFactory(title="My Mix")

    response = post(
        client,
        audio=upload("bjork.mp3"),
        title="My title",
        artists=[artist.pk],
        album=album.pk,
        genre="Pop",
        track_number=9,
    )

    assert response.status_code == 201, response.data
    assert response.data["title"] == "My title"
    assert [a["id"] for a in response.data["artists"]] == [artist.pk]
    assert response.data["album"]["id"] == album.pk
    assert (response.data["genre"], response.data["track_number"]) == ("Pop", 9)
    assert not Artist.objects.filter(name="Björk").exists()


def test_artists_and_albums_named_in_tags_are_reused(client, media_root):
    bjork = ArtistFactory(name="björk")
    homogenic = AlbumFactory(title="Homogenic", artists=[bjork])

    response = post(client, audio=upload("bjork.mp3"))

    assert response.data["artists"] == [{"id": bjork.pk, "name": "björk"}]
    assert response.data["album"]["id"] == homogenic.pk
    assert Artist.objects.count() == 1


def test_the_type_is_decided_by_the_content_not_the_name(client, media_root):
    response = post(client, audio=upload("bjork.mp3", filename="song.flac"))

    assert response.data["audio"]["mime_type"] == "audio/mpeg"
    assert stored_files(media_root)[0].endswith(".mp3")


def test_a_file_without_tags_needs_a_title_and_artists(client, media_root):
    response = post(client, audio=upload("untagged.wav"))

    assert response.status_code == 400
    assert "title" in response.data
    assert not Song.objects.exists()
    assert stored_files(media_root) == []


def test_a_file_without_tags_is_taken_with_a_title_and_artists(client, media_root):
    artist = ArtistFactory()

    response = post(client, audio=upload("untagged.wav"), title="Tone", artists=[artist.pk])

    assert response.status_code == 201, response.data
    assert response.data["audio"]["mime_type"] == "audio/wav"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"These are the lyrics, not the song.\n", "not audio"),
        (b"fLaC" + bytes(range(256)) * 4, "damaged"),
        (fixture_bytes("bjork.mp3")[:300], "damaged"),
        (b"OggS" + b"\x00" * 200, "not audio"),
    ],
    ids=["text", "broken-flac", "truncated-mp3", "unknown-ogg"],
)
def test_a_file_that_is_not_audio_or_is_damaged_is_refused_and_nothing_is_stored(
    client, media_root, data, message
):
    response = post(client, audio=upload("x.mp3", data=data), title="T", artists=[])

    assert response.status_code == 400
    assert message in str(response.data["audio"][0])
    assert not Song.objects.exists()
    assert not Artist.objects.exists()
    assert stored_files(media_root) == []


def test_an_empty_file_is_refused(client, media_root):
    response = post(client, audio=upload("x.mp3", data=b""))

    assert response.status_code == 400
    assert "audio" in response.data


@override_settings(MUSICLIB={"AUDIO_MAX_UPLOAD_SIZE": 1000})
def test_a_file_over_the_limit_gets_413_and_nothing_is_stored(client, media_root):
    response = post(client, audio=upload("bjork.mp3"))

    assert response.status_code == 413
    assert "1000 bytes" in response.data["detail"]
    assert not Song.objects.exists()
    assert stored_files(media_root) == []


@override_settings(MUSICLIB={"AUDIO_MAX_UPLOAD_SIZE": 1000})
def test_a_body_far_over_the_limit_is_refused_before_it_is_read(client, media_root):
    response = post(client, audio=upload("x.mp3", data=b"\0" * (1024 * 1024 + 2000)))

    assert response.status_code == 413
    assert "request is" in response.data["detail"]


def test_the_same_file_twice_gets_409_naming_the_song(client, media_root):
    first = post(client, audio=upload("bjork.mp3"))

    second = post(client, audio=upload("bjork.mp3", filename="again.mp3"), title="Again")

    assert second.status_code == 409
    assert second.data["song"] == first.data["id"]
    assert "Jóga" in second.data["detail"]
    assert Song.objects.count() == 1
    assert len(stored_files(media_root / "musiclib" / "audio")) == 1


def test_embedded_cover_art_becomes_the_album_cover(
    client, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, audio=upload("bjork.mp3"))

    album = Song.objects.get(pk=response.data["id"]).album
    assert album.cover.name.endswith(".png")
    with album.cover.open("rb") as cover:
        assert cover.read().startswith(b"\x89PNG")


def test_an_album_keeps_the_cover_it_has(client, media_root, django_capture_on_commit_callbacks):
    album = AlbumFactory(title="Homogenic", artists=[ArtistFactory(name="Björk")])
    album.cover.name = "musiclib/covers/mine.jpg"
    album.save()

    with django_capture_on_commit_callbacks(execute=True):
        post(client, audio=upload("bjork.mp3"))

    album.refresh_from_db()
    assert album.cover.name == "musiclib/covers/mine.jpg"
    assert not (media_root / "musiclib" / "covers").exists()


def test_anonymous_users_cannot_upload(api_client, media_root):
    response = post(api_client, audio=upload("bjork.mp3"))

    assert response.status_code == 401
    assert stored_files(media_root) == []


# PUT /api/songs/{id}/audio


def put_audio(client, song, name, **kwargs):
    return client.put(
        f"/api/songs/{song.pk}/audio", {"audio": upload(name, **kwargs)}, format="multipart"
    )


def test_the_owner_adds_audio_to_a_song_and_tags_fill_only_empty_fields(client, user, media_root):
    song = SongFactory(created_by=user, title="Kept title", genre="")

    response = put_audio(client, song, "sigur_ros.flac")

    assert response.status_code == 200, response.data
    assert response.data["title"] == "Kept title"
    assert response.data["genre"] == "Post-rock"
    assert response.data["album"]["title"] == "Ágætis byrjun"
    assert response.data["audio"]["mime_type"] == "audio/flac"


def test_replacing_the_audio_removes_the_old_file(
    client, user, media_root, django_capture_on_commit_callbacks
):
    song = SongFactory(created_by=user)
    put_audio(client, song, "sigur_ros.flac")

    with django_capture_on_commit_callbacks(execute=True):
        response = put_audio(client, song, "vorbis.ogg")

    assert response.data["audio"]["mime_type"] == "audio/ogg"
    assert [p.rsplit(".", 1)[1] for p in stored_files(media_root / "musiclib" / "audio")] == [
        "ogg"
    ]


def test_replacing_with_a_broken_file_changes_nothing(client, user, media_root):
    song = SongFactory(created_by=user)
    put_audio(client, song, "sigur_ros.flac")

    response = put_audio(client, song, "x.flac", data=b"fLaC broken")

    assert response.status_code == 400
    song.refresh_from_db()
    assert song.audio_mime_type == "audio/flac"
    assert len(stored_files(media_root / "musiclib" / "audio")) == 1


def test_putting_a_file_another_song_has_gets_409(client, user, media_root):
    other = post(client, audio=upload("bjork.mp3"))
    song = SongFactory(created_by=user)

    response = put_audio(client, song, "bjork.mp3")

    assert response.status_code == 409
    assert response.data["song"] == other.data["id"]


def test_put_audio_without_a_file_is_400(client, user, media_root):
    song = SongFactory(created_by=user)

    response = client.put(f"/api/songs/{song.pk}/audio", {}, format="multipart")

    assert response.status_code == 400
    assert "audio" in response.data


def test_only_the_owner_or_staff_changes_the_audio(client_for, other_user, media_root):
    song = SongFactory()

    assert put_audio(client_for(other_user), song, "bjork.mp3").status_code == 403
    assert put_audio(client_for(None), song, "bjork.mp3").status_code == 401
    assert stored_files(media_root) == []


def test_deleting_a_song_removes_its_stored_file(
    client, media_root, django_capture_on_commit_callbacks
):
    response = post(client, audio=upload("sigur_ros.flac"))

    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(f"/api/songs/{response.data['id']}").status_code == 204

    assert stored_files(media_root / "musiclib" / "audio") == []


def test_a_song_without_audio_reads_audio_null(client):
    song = SongFactory()

    assert client.get(f"/api/songs/{song.pk}").data["audio"] is None


def test_audio_goes_to_the_storage_named_by_musiclib_storage(client, settings, media_root):
    settings.STORAGES = {
        **settings.STORAGES,
        "music": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    settings.MUSICLIB = {"STORAGE": "music"}

    response = post(client, audio=upload("vorbis.ogg"))
    streamed = client.get(f"/api/songs/{response.data['id']}/stream")

    assert stored_files(media_root) == []
    assert b"".join(streamed.streaming_content) == fixture_bytes("vorbis.ogg")
