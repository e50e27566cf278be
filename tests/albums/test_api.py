"""The /api/albums endpoints: reading, writing, credits, permissions and query counts."""

from __future__ import annotations

import pytest
from django.test import override_settings

from django_musiclib.albums.models import Album
from django_musiclib.songs.models import Song
from tests.factories import AlbumFactory, ArtistFactory, SongFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/api/albums"


def detail(album: Album) -> str:
    return f"/api/albums/{album.pk}"


def assert_field_error(response, field: str) -> None:
    assert response.status_code == 400, response.content
    messages = response.json()[field]
    assert isinstance(messages, list)
    assert messages
    assert all(isinstance(message, str) and message for message in messages)


@pytest.fixture
def artists():
    return ArtistFactory(name="First"), ArtistFactory(name="Second")


def payload(credited, **changes):
    return {
        "title": "Kind of Blue",
        "artists": [a.pk for a in credited],
        "release_date": "1959-08-17",
        "genre": "Jazz",
        **changes,
    }


# Reading


def test_list_is_public_and_shows_newest_first(client_for):
    AlbumFactory(title="Older")
    AlbumFactory(title="Newer")

    response = client_for(None).get(LIST)

    assert response.status_code == 200
    assert [a["title"] for a in response.data["results"]] == ["Newer", "Older"]


def test_list_filters_by_artist(client_for, artists):
    AlbumFactory(title="Theirs", artists=[artists[0]])
    AlbumFactory(title="Other")

    response = client_for(None).get(LIST, {"artist": artists[0].pk})

    assert [a["title"] for a in response.data["results"]] == ["Theirs"]


def test_retrieve_shows_artists_as_objects_in_credit_order(client_for, artists):
    second, first = artists[1], artists[0]
    album = AlbumFactory(artists=[second, first])

    response = client_for(None).get(detail(album))

    assert response.status_code == 200
    assert response.data["artists"] == [
        {"id": second.pk, "name": "Second"},
        {"id": first.pk, "name": "First"},
    ]


def test_list_shows_artists_in_credit_order(client_for, artists):
    AlbumFactory(artists=[artists[1], artists[0]])

    response = client_for(None).get(LIST)

    assert [a["name"] for a in response.data["results"][0]["artists"]] == ["Second", "First"]


def test_list_shows_each_credit_once_when_albums_share_artists(client_for, artists):
    AlbumFactory.create_batch(3, artists=list(artists))

    response = client_for(None).get(LIST)

    assert [[a["name"] for a in album["artists"]] for album in response.data["results"]] == [
        ["First", "Second"]
    ] * 3


def test_retrieve_shows_the_album_fields(client_for, user, artists):
    album = AlbumFactory(title="Kind of Blue", genre="Jazz", created_by=user, artists=artists)

    response = client_for(None).get(detail(album))

    assert response.data["title"] == "Kind of Blue"
    assert response.data["genre"] == "Jazz"
    assert response.data["release_date"] is None
    assert response.data["created_by"] == user.pk


@pytest.mark.parametrize("pk", ["999999", "abc", str(10**20)], ids=["unknown", "text", "huge"])
def test_retrieve_unknown_or_malformed_id_is_404(client_for, pk):
    AlbumFactory()

    response = client_for(None).get(f"{LIST}/{pk}")

    assert response.status_code == 404


@pytest.mark.parametrize("slash", ["", "/"], ids=["no-slash", "slash"])
def test_list_and_detail_answer_with_and_without_trailing_slash(client_for, slash):
    album = AlbumFactory()

    assert client_for(None).get(LIST + slash).status_code == 200
    assert client_for(None).get(detail(album) + slash).status_code == 200


def test_page_size_is_capped_at_max_page_size_setting(client_for):
    AlbumFactory.create_batch(4)

    with override_settings(MUSICLIB={"MAX_PAGE_SIZE": 3, "PAGE_SIZE": 3}):
        response = client_for(None).get(LIST, {"page_size": 4})

    assert len(response.data["results"]) == 3


# Creating


def test_create_returns_the_new_album(client_for, user, artists):
    response = client_for(user).post(LIST, payload(artists), format="json")

    assert response.status_code == 201
    album = Album.objects.get()
    assert response.data["id"] == album.pk
    assert response.data["title"] == "Kind of Blue"
    assert response.data["release_date"] == "1959-08-17"
    assert response.data["genre"] == "Jazz"
    assert response.data["created_by"] == user.pk
    assert album.title == "Kind of Blue"


@pytest.mark.parametrize("order", [(0, 1), (1, 0)], ids=["first-second", "second-first"])
def test_create_credits_artists_in_the_order_given(client_for, user, artists, order):
    credited = [artists[i] for i in order]

    response = client_for(user).post(LIST, payload(credited), format="json")

    assert response.status_code == 201
    assert response.data["artists"] == [{"id": a.pk, "name": a.name} for a in credited]
    album = Album.objects.get()
    assert list(album.credits.values_list("artist", flat=True)) == [a.pk for a in credited]


def test_create_by_anonymous_is_401_with_www_authenticate(client_for, artists):
    response = client_for(None).post(LIST, payload(artists), format="json")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"]
    assert not Album.objects.exists()


def test_create_ignores_server_owned_fields(client_for, user, other_user, artists):
    response = client_for(user).post(
        LIST,
        payload(artists, created_by=other_user.pk, created_at="2001-01-01T00:00:00Z"),
        format="json",
    )

    assert response.status_code == 201
    album = Album.objects.get()
    assert album.created_by == user
    assert album.created_at.year > 2001


@pytest.mark.parametrize("field", ["title", "artists"])
def test_create_without_a_required_field_is_400(client_for, user, artists, field):
    data = payload(artists)
    del data[field]

    response = client_for(user).post(LIST, data, format="json")

    assert_field_error(response, field)
    assert not Album.objects.exists()


def test_create_with_an_empty_artists_list_is_400(client_for, user, artists):
    response = client_for(user).post(LIST, payload(artists, artists=[]), format="json")

    assert_field_error(response, "artists")


def test_create_with_an_artist_listed_twice_is_400(client_for, user, artists):
    twice = [artists[0].pk, artists[0].pk]

    response = client_for(user).post(LIST, payload(artists, artists=twice), format="json")

    assert_field_error(response, "artists")
    assert not Album.objects.exists()


@pytest.mark.parametrize("pk", [999999, 10**20], ids=["unknown", "huge"])
def test_create_with_an_unknown_artist_is_400(client_for, user, artists, pk):
    response = client_for(user).post(LIST, payload(artists, artists=[pk]), format="json")

    assert_field_error(response, "artists")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ["Blue"]),
        ("title", "x" * 201),
        ("artists", "1"),
        ("artists", ["abc"]),
        ("artists", [{"id": 1}]),
        ("release_date", "yesterday"),
        ("release_date", 19590817),
        ("genre", "x" * 101),
    ],
    ids=[
        "title-list",
        "title-too-long",
        "artists-not-a-list",
        "artists-text-id",
        "artists-object",
        "date-text",
        "date-number",
        "genre-too-long",
    ],
)
def test_create_with_an_invalid_value_is_400(client_for, user, artists, field, value):
    response = client_for(user).post(LIST, payload(artists, **{field: value}), format="json")

    assert_field_error(response, field)
    assert not Album.objects.exists()


def test_create_with_malformed_json_is_400(client_for, user):
    response = client_for(user).post(LIST, "{title", content_type="application/json")

    assert response.status_code == 400
    assert "detail" in response.json()


# Changing


@pytest.fixture
def album(user, artists):
    return AlbumFactory(title="Kind of Blue", created_by=user, artists=list(artists))


def test_owner_replaces_an_album_with_put(client_for, user, album, artists):
    new = ArtistFactory(name="Third")

    response = client_for(user).put(
        detail(album), payload([artists[0], new], title="Sketches"), format="json"
    )

    assert response.status_code == 200
    assert response.data["title"] == "Sketches"
    assert [a["name"] for a in response.data["artists"]] == ["First", "Third"]
    album.refresh_from_db()
    assert album.title == "Sketches"
    assert list(album.credits.values_list("artist__name", flat=True)) == ["First", "Third"]


def test_put_without_artists_is_400(client_for, user, album, artists):
    data = payload(artists)
    del data["artists"]

    response = client_for(user).put(detail(album), data, format="json")

    assert_field_error(response, "artists")


def test_patch_of_title_keeps_the_credits(client_for, user, album):
    response = client_for(user).patch(detail(album), {"title": "Sketches"}, format="json")

    assert response.status_code == 200
    assert [a["name"] for a in response.data["artists"]] == ["First", "Second"]
    assert list(album.credits.values_list("artist__name", flat=True)) == ["First", "Second"]


def test_patch_reorders_the_credits(client_for, user, album, artists):
    first, second = artists

    response = client_for(user).patch(
        detail(album), {"artists": [second.pk, first.pk]}, format="json"
    )

    assert response.status_code == 200
    assert [a["name"] for a in response.data["artists"]] == ["Second", "First"]
    assert list(album.credits.values_list("artist__name", flat=True)) == ["Second", "First"]


def test_patch_with_an_unknown_artist_keeps_the_credits(client_for, user, album):
    response = client_for(user).patch(detail(album), {"artists": [999999]}, format="json")

    assert_field_error(response, "artists")
    assert album.credits.count() == 2


def test_staff_changes_anyones_album(client_for, staff_user, album):
    response = client_for(staff_user).patch(detail(album), {"genre": "Jazz"}, format="json")

    assert response.status_code == 200
    album.refresh_from_db()
    assert album.genre == "Jazz"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_another_user_cannot_change_or_delete(client_for, other_user, album, artists, method):
    response = getattr(client_for(other_user), method)(
        detail(album), payload(artists, title="Taken"), format="json"
    )

    assert response.status_code == 403
    album.refresh_from_db()
    assert album.title == "Kind of Blue"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_anonymous_cannot_change_or_delete(client_for, album, artists, method):
    response = getattr(client_for(None), method)(
        detail(album), payload(artists, title="Taken"), format="json"
    )

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"]
    album.refresh_from_db()
    assert album.title == "Kind of Blue"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_changing_an_unknown_album_is_404(client_for, staff_user, artists, method):
    response = getattr(client_for(staff_user), method)(
        f"{LIST}/999999", payload(artists), format="json"
    )

    assert response.status_code == 404


# Deleting


def test_owner_deletes_an_album(client_for, user, album):
    response = client_for(user).delete(detail(album))

    assert response.status_code == 204
    assert not Album.objects.exists()


def test_staff_deletes_anyones_album(client_for, staff_user, album):
    response = client_for(staff_user).delete(detail(album))

    assert response.status_code == 204
    assert not Album.objects.exists()


def test_deleting_an_album_keeps_its_songs_without_album(client_for, user, album):
    song = SongFactory(album=album)

    response = client_for(user).delete(detail(album))

    assert response.status_code == 204
    song.refresh_from_db()
    assert song.album is None
    assert Song.objects.count() == 1


def test_deleting_the_creators_account_keeps_the_album_without_owner(client_for):
    creator = UserFactory()
    album = AlbumFactory(created_by=creator)

    creator.delete()

    response = client_for(None).get(detail(album))
    assert response.status_code == 200
    assert response.data["created_by"] is None


# Queries
