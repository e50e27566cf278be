"""GET /api/albums/{id}/cover, and the cover URL in an album."""

from __future__ import annotations

import pytest

from django_musiclib.albums.covers import set_cover_if_missing
from django_musiclib.albums.models import Album
from tests.audio import stored_files, upload
from tests.factories import AlbumFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


@pytest.fixture
def album(media_root):
    album = AlbumFactory()
    assert set_cover_if_missing(album, PNG)
    return album


def test_the_cover_is_served_with_its_type(api_client, album):
    response = api_client.get(f"/api/albums/{album.pk}/cover")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG


def test_a_browser_asking_for_images_gets_the_cover(api_client, album):
    response = api_client.get(f"/api/albums/{album.pk}/cover", headers={"Accept": "image/*"})

    assert response.status_code == 200
    assert response.getvalue() == PNG


def test_the_cover_is_read_in_one_query(api_client, album, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = api_client.get(f"/api/albums/{album.pk}/cover")

    assert b"".join(response.streaming_content) == PNG


def test_a_cover_missing_from_the_storage_is_404(api_client, album):
    album.cover.storage.delete(album.cover.name)

    response = api_client.get(f"/api/albums/{album.pk}/cover")

    assert response.status_code == 404
    assert response.json() == {"detail": "The cover file of this album is missing."}


def test_the_cover_answers_304_to_its_etag(api_client, album):
    first = api_client.get(f"/api/albums/{album.pk}/cover")
    first.getvalue()  # read to the end, which closes the file
    etag = first["ETag"]

    response = api_client.get(f"/api/albums/{album.pk}/cover", headers={"If-None-Match": etag})

    assert response.status_code == 304


def test_an_album_shows_its_cover_url(api_client, album):
    data = api_client.get(f"/api/albums/{album.pk}").data

    assert data["cover"] == f"http://testserver/api/albums/{album.pk}/cover"


def test_an_album_without_a_cover_reads_null_and_its_cover_is_404(api_client, media_root):
    album = AlbumFactory()

    assert api_client.get(f"/api/albums/{album.pk}").data["cover"] is None
    response = api_client.get(f"/api/albums/{album.pk}/cover")
    assert response.status_code == 404
    assert response.json()["detail"] == "This album has no cover."


def test_data_that_is_not_an_image_never_becomes_a_cover(media_root):
    album = AlbumFactory()

    assert not set_cover_if_missing(album, b"<svg onload=alert(1)>")
    assert stored_files(media_root) == []


def test_a_second_cover_does_not_replace_the_first(album, media_root):
    assert not set_cover_if_missing(Album.objects.get(pk=album.pk), b"\xff\xd8\xff" + b"0" * 20)

    assert stored_files(media_root / "musiclib" / "covers") == [album.cover.name.rsplit("/", 1)[1]]


def test_an_uploaded_songs_embedded_cover_is_served(
    client_for, user, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        song = client_for(user).post(
            "/api/songs", {"audio": upload("bjork.mp3")}, format="multipart"
        )

    response = client_for(None).get(f"/api/albums/{song.data['album']['id']}/cover")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_deleting_an_album_removes_its_cover_file(
    client_for, album, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(album.created_by).delete(f"/api/albums/{album.pk}")

    assert response.status_code == 204
    assert stored_files(media_root) == []
