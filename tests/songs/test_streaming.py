"""GET /api/songs/{id}/stream: ranges, validators, HEAD, permissions, web-server hand-off."""

from __future__ import annotations

import os
import shutil

import pytest
from django.test import override_settings
from django.utils.http import http_date

from django_musiclib.songs.models import Song
from tests.audio import FIXTURES, FORMATS, fixture_bytes, sha256, upload

pytestmark = pytest.mark.django_db

DATA = fixture_bytes("sigur_ros.flac")
SIZE = len(DATA)


@pytest.fixture
def song(client_for, user, media_root):
    response = client_for(user).post(
        "/api/songs", {"audio": upload("sigur_ros.flac")}, format="multipart"
    )
    return Song.objects.get(pk=response.data["id"])


def url(song) -> str:
    return f"/api/songs/{song.pk}/stream"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def get(client, song, **headers):
    """The answer, read to the end as a server reads it, which closes the file."""
    response = client.get(url(song), headers=headers)
    if response.streaming:
        response.streaming_content = [body(response)]
    return response


def test_the_whole_file_streams_with_its_type_and_validators(api_client, song):
    response = get(api_client, song)

    assert response.status_code == 200
    assert response.streaming
    assert body(response) == DATA
    assert response["Content-Type"] == "audio/flac"
    assert response["Content-Length"] == str(SIZE)
    assert response["Accept-Ranges"] == "bytes"
    assert response["ETag"] == f'"{sha256(DATA)}"'
    assert response["Last-Modified"] == http_date(song.updated_at.timestamp())


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_each_format_streams_with_its_content_type(client_for, user, media_root, name):
    client = client_for(user)
    created = client.post("/api/songs", {"audio": upload(name)}, format="multipart")

    response = client.get(f"/api/songs/{created.data['id']}/stream")

    assert response["Content-Type"] == FORMATS[name][0]
    assert body(response) == fixture_bytes(name)


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-0", 0, 0),
        (f"bytes={SIZE - 1}-{SIZE - 1}", SIZE - 1, SIZE - 1),
        ("bytes=-100", SIZE - 100, SIZE - 1),
        (f"bytes=-{SIZE * 3}", 0, SIZE - 1),
        ("bytes=1000-", 1000, SIZE - 1),
        (f"bytes=10-{SIZE * 2}", 10, SIZE - 1),
        ("bytes=100-199", 100, 199),
    ],
    ids=[
        "first-byte",
        "last-byte",
        "suffix",
        "suffix-longer-than-file",
        "open",
        "past-end",
        "mid",
    ],
)
def test_a_single_range_gets_206_with_exactly_those_bytes(api_client, song, header, first, last):
    response = get(api_client, song, Range=header)

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{SIZE}"
    assert response["Content-Length"] == str(last - first + 1)
    assert body(response) == DATA[first : last + 1]


@pytest.mark.parametrize(
    "header",
    [
        f"bytes={SIZE}-",
        f"bytes={SIZE + 10}-{SIZE + 20}",
        "bytes=-0",
        "bytes=9-3",
        "bytes=a-b",
        "bytes=0-" + "9" * 5000,
        "bytes=-" + "9" * 5000,
    ],
    ids=[
        "at-end",
        "beyond-end",
        "empty-suffix",
        "backwards",
        "garbage",
        "end-past-any-number",
        "suffix-past-any-number",
    ],
)
def test_a_bad_range_gets_416(api_client, song, header):
    response = get(api_client, song, Range=header)

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"


def test_several_ranges_get_the_whole_file(api_client, song):
    response = get(api_client, song, Range="bytes=0-1,5-6")

    assert response.status_code == 200
    assert body(response) == DATA


def test_another_unit_than_bytes_is_ignored(api_client, song):
    assert get(api_client, song, Range="seconds=1-2").status_code == 200


def test_if_range_with_the_current_etag_applies_the_range(api_client, song):
    etag = get(api_client, song)["ETag"]

    response = get(api_client, song, Range="bytes=0-9", If_Range=etag)

    assert response.status_code == 206


def test_if_range_with_an_old_etag_sends_the_whole_file(api_client, song):
    response = get(api_client, song, Range="bytes=0-9", If_Range='"an-older-version"')

    assert response.status_code == 200
    assert body(response) == DATA


def test_if_range_with_the_last_modified_date_applies_the_range(api_client, song):
    date = get(api_client, song)["Last-Modified"]

    assert get(api_client, song, Range="bytes=0-9", If_Range=date).status_code == 206
    stale = http_date(song.updated_at.timestamp() - 3600)
    assert get(api_client, song, Range="bytes=0-9", If_Range=stale).status_code == 200


def test_if_none_match_with_the_etag_gets_304(api_client, song):
    etag = get(api_client, song)["ETag"]

    response = get(api_client, song, If_None_Match=etag)

    assert response.status_code == 304
    assert response["ETag"] == etag


def test_if_modified_since_gets_304(api_client, song):
    response = get(api_client, song, If_Modified_Since=http_date(song.updated_at.timestamp()))

    assert response.status_code == 304


def test_head_gives_the_headers_without_a_body(api_client, song):
    response = api_client.head(url(song))

    assert response.status_code == 200
    assert response["Content-Length"] == str(SIZE)
    assert response["Content-Type"] == "audio/flac"
    assert response.content == b""


def test_head_with_a_range_gives_206_headers(api_client, song):
    response = api_client.head(url(song), headers={"Range": "bytes=0-9"})

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 0-9/{SIZE}"


def test_a_player_that_accepts_only_audio_gets_the_file(api_client, song):
    response = get(api_client, song, Accept="audio/flac")

    assert response.status_code == 200


def test_a_song_without_audio_is_404(api_client):
    from tests.factories import SongFactory

    response = get(api_client, SongFactory())

    assert response.status_code == 404
    assert response.json()["detail"] == "This song has no audio."


def test_a_missing_song_is_404(api_client):
    assert api_client.get("/api/songs/999999/stream").status_code == 404


# Who may stream


def test_anyone_who_may_read_the_song_may_stream_it_by_default(api_client, song):
    assert get(api_client, song).status_code == 200


@override_settings(
    MUSICLIB={"CATALOG_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"]}
)
def test_a_closed_catalog_closes_streaming(api_client, client_for, user, song):
    assert get(api_client, song).status_code == 401
    assert get(client_for(user), song).status_code == 200


@override_settings(
    MUSICLIB={"STREAM_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"]}
)
def test_stream_permission_classes_decide_who_streams(api_client, client_for, staff_user, song):
    assert get(api_client, song).status_code == 401
    assert get(client_for(staff_user), song).status_code == 200
    assert api_client.get(f"/api/songs/{song.pk}").status_code == 200


# Handing the bytes to the web server


@override_settings(MUSICLIB={"STREAM_SERVER": "x-accel-redirect"})
def test_x_accel_redirect_names_the_stored_file_under_the_internal_location(api_client, song):
    response = get(api_client, song)

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/musiclib-media/{song.audio.name}"
    assert response["Content-Type"] == "audio/flac"
    assert response.content == b""


@override_settings(MUSICLIB={"STREAM_SERVER": "x-sendfile"})
def test_x_sendfile_names_the_files_path(api_client, song, media_root):
    response = get(api_client, song)

    assert response["X-Sendfile"] == str(media_root / song.audio.name)
    assert response.content == b""


def test_permissions_still_apply_before_the_hand_off(song, api_client):
    with override_settings(
        MUSICLIB={
            "STREAM_SERVER": "x-accel-redirect",
            "STREAM_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"],
        }
    ):
        response = get(api_client, song)

    assert response.status_code == 401
    assert "X-Accel-Redirect" not in response


# Files linked in place by musiclib_import


@pytest.fixture
def linked_song(tmp_path):
    from tests.factories import SongFactory

    path = tmp_path / "library" / "bjork.mp3"
    path.parent.mkdir()
    shutil.copy(FIXTURES / "bjork.mp3", path)
    return SongFactory(
        source_path=str(path),
        audio_mime_type="audio/mpeg",
        audio_size=path.stat().st_size,
        audio_checksum=sha256(path.read_bytes()),
    )


def test_a_file_linked_in_place_streams_from_where_it_is(api_client, linked_song):
    response = get(api_client, linked_song, Range="bytes=-10")

    assert response.status_code == 206
    assert body(response) == fixture_bytes("bjork.mp3")[-10:]


@override_settings(MUSICLIB={"STREAM_SERVER": "x-accel-redirect"})
def test_x_accel_redirect_of_a_linked_file_uses_the_library_location(api_client, linked_song):
    response = get(api_client, linked_song)

    assert response["X-Accel-Redirect"] == "/musiclib-library/" + linked_song.source_path.lstrip(
        "/"
    )


def test_a_linked_file_that_went_away_is_404(api_client, linked_song):
    os.remove(linked_song.source_path)

    response = get(api_client, linked_song)

    assert response.status_code == 404
    assert "missing" in response.json()["detail"]
