"""The /api/artists endpoints: reading, writing, permissions, validation and query counts."""

from __future__ import annotations

import pytest
from django.test import override_settings

from django_musiclib.artists.models import Artist
from tests.factories import AlbumFactory, ArtistFactory, SongFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/api/artists"


def detail(artist: Artist) -> str:
    return f"/api/artists/{artist.pk}"


def assert_field_error(response, field: str) -> None:
    assert response.status_code == 400, response.content
    messages = response.json()[field]
    assert isinstance(messages, list)
    assert messages
    assert all(isinstance(message, str) and message for message in messages)


# Reading


def test_list_is_public_and_shows_newest_first(client_for):
    ArtistFactory(name="Older")
    ArtistFactory(name="Newer")

    response = client_for(None).get(LIST)

    assert response.status_code == 200
    assert [a["name"] for a in response.data["results"]] == ["Newer", "Older"]


def test_list_searches_by_name(client_for):
    ArtistFactory(name="Nina Simone")
    ArtistFactory(name="Miles Davis")

    response = client_for(None).get(LIST, {"search": "nina"})

    assert [a["name"] for a in response.data["results"]] == ["Nina Simone"]


def test_retrieve_shows_the_artist(client_for, user):
    artist = ArtistFactory(name="Nina Simone", bio="Singer.", created_by=user)

    response = client_for(None).get(detail(artist))

    assert response.status_code == 200
    assert response.data["id"] == artist.pk
    assert response.data["name"] == "Nina Simone"
    assert response.data["bio"] == "Singer."
    assert response.data["created_by"] == user.pk
    assert response.data["created_at"]
    assert response.data["updated_at"]


@pytest.mark.parametrize("pk", ["999999", "abc", str(10**20)], ids=["unknown", "text", "huge"])
def test_retrieve_unknown_or_malformed_id_is_404(client_for, pk):
    ArtistFactory()

    response = client_for(None).get(f"{LIST}/{pk}")

    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("slash", ["", "/"], ids=["no-slash", "slash"])
def test_list_answers_with_and_without_trailing_slash(client_for, slash):
    ArtistFactory()

    response = client_for(None).get(LIST + slash)

    assert response.status_code == 200
    assert len(response.data["results"]) == 1


@pytest.mark.parametrize("slash", ["", "/"], ids=["no-slash", "slash"])
def test_detail_answers_with_and_without_trailing_slash(client_for, slash):
    artist = ArtistFactory()

    response = client_for(None).get(detail(artist) + slash)

    assert response.status_code == 200
    assert response.data["id"] == artist.pk


@pytest.mark.parametrize("slash", ["", "/"], ids=["no-slash", "slash"])
def test_create_answers_with_and_without_trailing_slash(client_for, user, slash):
    response = client_for(user).post(LIST + slash, {"name": "Nina"}, format="json")

    assert response.status_code == 201


# Pagination


def test_page_size_is_honoured(client_for):
    ArtistFactory.create_batch(5)

    response = client_for(None).get(LIST, {"page_size": 3})

    assert len(response.data["results"]) == 3
    assert response.data["next"]


def test_page_size_is_capped_at_100_by_default(client_for, user):
    Artist.objects.bulk_create(Artist(name=f"Artist {n}", created_by=user) for n in range(101))

    response = client_for(None).get(LIST, {"page_size": 500})

    assert len(response.data["results"]) == 100


def test_page_size_is_capped_at_max_page_size_setting(client_for):
    ArtistFactory.create_batch(5)

    with override_settings(MUSICLIB={"MAX_PAGE_SIZE": 2, "PAGE_SIZE": 2}):
        response = client_for(None).get(LIST, {"page_size": 4})

    assert len(response.data["results"]) == 2


# Creating


def test_create_by_signed_in_user_returns_the_new_artist(client_for, user):
    response = client_for(user).post(LIST, {"name": "Nina", "bio": "Singer."}, format="json")

    assert response.status_code == 201
    artist = Artist.objects.get()
    assert response.data["id"] == artist.pk
    assert response.data["name"] == "Nina"
    assert response.data["bio"] == "Singer."
    assert response.data["created_by"] == user.pk


def test_create_by_anonymous_is_401_with_www_authenticate(client_for):
    response = client_for(None).post(LIST, {"name": "Nina"}, format="json")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"]
    assert not Artist.objects.exists()


def test_create_ignores_server_owned_fields(client_for, user, other_user):
    response = client_for(user).post(
        LIST,
        {
            "name": "Nina",
            "created_by": other_user.pk,
            "created_at": "2001-01-01T00:00:00Z",
            "updated_at": "2001-01-01T00:00:00Z",
        },
        format="json",
    )

    assert response.status_code == 201
    artist = Artist.objects.get()
    assert artist.created_by == user
    assert artist.created_at.year > 2001
    assert response.data["created_by"] == user.pk


def test_create_without_name_is_400(client_for, user):
    response = client_for(user).post(LIST, {"bio": "Singer."}, format="json")

    assert_field_error(response, "name")


@pytest.mark.parametrize("name", [["Nina"], {"first": "Nina"}, None], ids=["list", "dict", "null"])
def test_create_with_wrong_type_of_name_is_400(client_for, user, name):
    response = client_for(user).post(LIST, {"name": name}, format="json")

    assert_field_error(response, "name")
    assert not Artist.objects.exists()


def test_create_with_name_over_200_characters_is_400(client_for, user):
    response = client_for(user).post(LIST, {"name": "x" * 201}, format="json")

    assert_field_error(response, "name")


def test_create_with_bio_over_10000_characters_is_400(client_for, user):
    response = client_for(user).post(LIST, {"name": "Nina", "bio": "x" * 10_001}, format="json")

    assert_field_error(response, "bio")


def test_create_with_malformed_json_is_400(client_for, user):
    response = client_for(user).post(LIST, '{"name": "Nina",', content_type="application/json")

    assert response.status_code == 400
    assert "detail" in response.json()
    assert not Artist.objects.exists()


# Changing


@pytest.fixture
def artist(user):
    return ArtistFactory(name="Nina", bio="Singer.", created_by=user)


def test_owner_replaces_an_artist_with_put(client_for, user, artist):
    response = client_for(user).put(detail(artist), {"name": "Nina Simone"}, format="json")

    assert response.status_code == 200
    assert response.data["name"] == "Nina Simone"
    artist.refresh_from_db()
    assert artist.name == "Nina Simone"


def test_put_without_name_is_400(client_for, user, artist):
    response = client_for(user).put(detail(artist), {"bio": "Pianist."}, format="json")

    assert_field_error(response, "name")


def test_owner_changes_one_field_with_patch(client_for, user, artist):
    response = client_for(user).patch(detail(artist), {"bio": "Pianist."}, format="json")

    assert response.status_code == 200
    artist.refresh_from_db()
    assert (artist.name, artist.bio) == ("Nina", "Pianist.")


def test_patch_ignores_server_owned_fields(client_for, user, other_user, artist):
    response = client_for(user).patch(
        detail(artist), {"created_by": other_user.pk, "bio": "Pianist."}, format="json"
    )

    assert response.status_code == 200
    artist.refresh_from_db()
    assert artist.created_by == user


def test_staff_changes_anyones_artist(client_for, staff_user, artist):
    response = client_for(staff_user).patch(detail(artist), {"bio": "Pianist."}, format="json")

    assert response.status_code == 200
    artist.refresh_from_db()
    assert artist.bio == "Pianist."
    assert artist.created_by != staff_user


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_another_user_cannot_change_or_delete(client_for, other_user, artist, method):
    response = getattr(client_for(other_user), method)(
        detail(artist), {"name": "Taken"}, format="json"
    )

    assert response.status_code == 403
    artist.refresh_from_db()
    assert artist.name == "Nina"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_anonymous_cannot_change_or_delete(client_for, artist, method):
    response = getattr(client_for(None), method)(detail(artist), {"name": "Taken"}, format="json")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"]
    assert Artist.objects.get().name == "Nina"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_changing_an_unknown_artist_is_404(client_for, staff_user, method):
    response = getattr(client_for(staff_user), method)(
        f"{LIST}/999999", {"name": "Nina"}, format="json"
    )

    assert response.status_code == 404


# Deleting


def test_owner_deletes_an_artist(client_for, user, artist):
    response = client_for(user).delete(detail(artist))

    assert response.status_code == 204
    assert not Artist.objects.exists()


def test_staff_deletes_anyones_artist(client_for, staff_user, artist):
    response = client_for(staff_user).delete(detail(artist))

    assert response.status_code == 204
    assert not Artist.objects.exists()


def test_deleting_an_artist_credited_on_a_song_is_409(client_for, user, artist):
    SongFactory(artists=[artist])

    response = client_for(user).delete(detail(artist))

    assert response.status_code == 409
    assert "song" in response.json()["detail"]
    assert Artist.objects.filter(pk=artist.pk).exists()
    assert artist.songs.count() == 1


def test_deleting_an_artist_credited_on_an_album_is_409(client_for, user, artist):
    AlbumFactory(artists=[artist])

    response = client_for(user).delete(detail(artist))

    assert response.status_code == 409
    assert "album" in response.json()["detail"]
    assert Artist.objects.filter(pk=artist.pk).exists()
    assert artist.albums.count() == 1


def test_deleting_the_creators_account_keeps_the_artist_without_owner(client_for):
    creator = UserFactory()
    artist = ArtistFactory(created_by=creator)

    creator.delete()

    response = client_for(None).get(detail(artist))
    assert response.status_code == 200
    assert response.data["created_by"] is None


# Queries


@override_settings(
    MUSICLIB={"CATALOG_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"]}
)
def test_catalog_opened_to_anyone_creates_artists_without_an_owner(api_client):
    response = api_client.post("/api/artists", {"name": "Nobody's"}, format="json")

    assert response.status_code == 201
    assert response.data["created_by"] is None
