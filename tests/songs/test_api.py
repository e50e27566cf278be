"""The /api/songs endpoints: reading, writing, relations, permissions and query counts."""

from __future__ import annotations

import pytest
from django.test import override_settings

from django_musiclib.songs.models import Reaction, Song
from tests.factories import AlbumFactory, ArtistFactory, SongFactory, UserFactory, react

pytestmark = pytest.mark.django_db

LIST = "/api/songs"


def detail(song: Song) -> str:
    return f"/api/songs/{song.pk}"


def assert_field_error(response, field: str) -> None:
    assert response.status_code == 400, response.content
    messages = response.json()[field]
    assert isinstance(messages, list)
    assert messages
    assert all(isinstance(message, str) and message for message in messages)


@pytest.fixture
def artists():
    return ArtistFactory(name="First"), ArtistFactory(name="Second")


@pytest.fixture
def album():
    return AlbumFactory(title="Kind of Blue")


def payload(credited, **changes):
    return {
        "title": "So What",
        "artists": [a.pk for a in credited],
        "track_number": 1,
        "disc_number": 1,
        "duration": 562,
        "genre": "Jazz",
        **changes,
    }


# Reading


def test_list_is_public_and_shows_newest_first(client_for):
    SongFactory(title="Older")
    SongFactory(title="Newer")

    response = client_for(None).get(LIST)

    assert response.status_code == 200
    assert [s["title"] for s in response.data["results"]] == ["Newer", "Older"]


@pytest.mark.parametrize("name", ["artist", "album"])
def test_list_filters_by_artist_and_album(client_for, artists, album, name):
    SongFactory(title="Match", artists=[artists[0]], album=album)
    SongFactory(title="Other")
    value = artists[0].pk if name == "artist" else album.pk

    response = client_for(None).get(LIST, {name: value})

    assert [s["title"] for s in response.data["results"]] == ["Match"]


def test_retrieve_shows_artists_as_objects_in_credit_order(client_for, artists):
    first, second = artists
    song = SongFactory(artists=[second, first])

    response = client_for(None).get(detail(song))

    assert response.status_code == 200
    assert response.data["artists"] == [
        {"id": second.pk, "name": "Second"},
        {"id": first.pk, "name": "First"},
    ]


def test_retrieve_shows_the_album_as_an_object(client_for, album):
    song = SongFactory(album=album)

    response = client_for(None).get(detail(song))

    assert response.data["album"] == {"id": album.pk, "title": "Kind of Blue"}


def test_retrieve_shows_no_album_as_null(client_for):
    song = SongFactory()

    response = client_for(None).get(detail(song))

    assert response.data["album"] is None


def test_retrieve_shows_the_song_fields(client_for, user):
    song = SongFactory(
        title="So What", track_number=1, disc_number=2, duration=562, genre="Jazz", created_by=user
    )

    data = client_for(None).get(detail(song)).data

    assert data["title"] == "So What"
    assert (data["track_number"], data["disc_number"], data["duration"]) == (1, 2, 562)
    assert data["genre"] == "Jazz"
    assert (data["like_count"], data["dislike_count"]) == (0, 0)
    assert data["created_by"] == user.pk


def test_anonymous_sees_my_reaction_as_null(client_for, other_user):
    song = SongFactory()
    react(other_user, song, Reaction.Value.LIKE)

    response = client_for(None).get(detail(song))

    assert response.data["my_reaction"] is None
    assert response.data["like_count"] == 1


@pytest.mark.parametrize(
    ("value", "shown"), [(Reaction.Value.LIKE, "like"), (Reaction.Value.DISLIKE, "dislike")]
)
def test_signed_in_user_sees_their_reaction(client_for, user, value, shown):
    song = SongFactory()
    react(user, song, value)

    assert client_for(user).get(detail(song)).data["my_reaction"] == shown
    assert client_for(user).get(LIST).data["results"][0]["my_reaction"] == shown


def test_signed_in_user_does_not_see_other_users_reactions_as_theirs(client_for, user, other_user):
    song = SongFactory()
    react(other_user, song, Reaction.Value.LIKE)

    assert client_for(user).get(detail(song)).data["my_reaction"] is None


@pytest.mark.parametrize("pk", ["999999", "abc", str(10**20)], ids=["unknown", "text", "huge"])
def test_retrieve_unknown_or_malformed_id_is_404(client_for, pk):
    SongFactory()

    response = client_for(None).get(f"{LIST}/{pk}")

    assert response.status_code == 404


@pytest.mark.parametrize("slash", ["", "/"], ids=["no-slash", "slash"])
def test_list_and_detail_answer_with_and_without_trailing_slash(client_for, slash):
    song = SongFactory()

    assert client_for(None).get(LIST + slash).status_code == 200
    assert client_for(None).get(detail(song) + slash).status_code == 200


def test_page_size_is_capped_at_max_page_size_setting(client_for):
    SongFactory.create_batch(4)

    with override_settings(MUSICLIB={"MAX_PAGE_SIZE": 3, "PAGE_SIZE": 3}):
        response = client_for(None).get(LIST, {"page_size": 4})

    assert len(response.data["results"]) == 3


@pytest.mark.parametrize("value", ["abc", str(10**20)], ids=["text", "huge"])
def test_filtering_by_a_malformed_album_id_is_4xx(client_for, value):
    SongFactory()

    response = client_for(None).get(LIST, {"album": value})

    assert 400 <= response.status_code < 500


# Creating


def test_create_returns_the_new_song(client_for, user, artists, album):
    response = client_for(user).post(LIST, payload(artists, album=album.pk), format="json")

    assert response.status_code == 201
    song = Song.objects.get()
    assert response.data["id"] == song.pk
    assert response.data["title"] == "So What"
    assert response.data["album"] == {"id": album.pk, "title": "Kind of Blue"}
    assert response.data["duration"] == 562
    assert response.data["created_by"] == user.pk
    assert response.data["my_reaction"] is None
    assert song.album == album


@pytest.mark.parametrize("order", [(0, 1), (1, 0)], ids=["first-second", "second-first"])
def test_create_credits_artists_in_the_order_given(client_for, user, artists, order):
    credited = [artists[i] for i in order]

    response = client_for(user).post(LIST, payload(credited), format="json")

    assert response.status_code == 201
    assert response.data["artists"] == [{"id": a.pk, "name": a.name} for a in credited]
    song = Song.objects.get()
    assert list(song.credits.values_list("artist", flat=True)) == [a.pk for a in credited]


def test_create_without_album_leaves_it_null(client_for, user, artists):
    response = client_for(user).post(LIST, payload(artists), format="json")

    assert response.status_code == 201
    assert response.data["album"] is None


def test_create_by_anonymous_is_401_with_www_authenticate(client_for, artists):
    response = client_for(None).post(LIST, payload(artists), format="json")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"]
    assert not Song.objects.exists()


def test_create_ignores_server_owned_fields(client_for, user, other_user, artists):
    response = client_for(user).post(
        LIST,
        payload(
            artists,
            like_count=1000,
            dislike_count=7,
            created_by=other_user.pk,
            created_at="2001-01-01T00:00:00Z",
        ),
        format="json",
    )

    assert response.status_code == 201
    song = Song.objects.get()
    assert (song.like_count, song.dislike_count) == (0, 0)
    assert song.created_by == user
    assert song.created_at.year > 2001
    assert (response.data["like_count"], response.data["dislike_count"]) == (0, 0)


@pytest.mark.parametrize("field", ["title", "artists"])
def test_create_without_a_required_field_is_400(client_for, user, artists, field):
    data = payload(artists)
    del data[field]

    response = client_for(user).post(LIST, data, format="json")

    assert_field_error(response, field)
    assert not Song.objects.exists()


def test_create_with_an_empty_artists_list_is_400(client_for, user, artists):
    response = client_for(user).post(LIST, payload(artists, artists=[]), format="json")

    assert_field_error(response, "artists")


def test_create_with_an_artist_listed_twice_is_400(client_for, user, artists):
    twice = [artists[0].pk, artists[0].pk]

    response = client_for(user).post(LIST, payload(artists, artists=twice), format="json")

    assert_field_error(response, "artists")
    assert not Song.objects.exists()


@pytest.mark.parametrize("field", ["artists", "album"])
@pytest.mark.parametrize("pk", [999999, 10**20], ids=["unknown", "huge"])
def test_create_with_an_unknown_artist_or_album_is_400(client_for, user, artists, field, pk):
    value = [pk] if field == "artists" else pk

    response = client_for(user).post(LIST, payload(artists, **{field: value}), format="json")

    assert_field_error(response, field)
    assert not Song.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ["So What"]),
        ("title", "x" * 201),
        ("title", "nul\x00byte"),
        ("artists", 1),
        ("artists", ["abc"]),
        ("artists", [True]),
        ("album", "abc"),
        ("album", {"id": 1}),
        ("track_number", 0),
        ("track_number", -1),
        ("track_number", "first"),
        ("track_number", 10**20),
        ("disc_number", 0),
        ("disc_number", 100),
        ("duration", -5),
        ("duration", 0),
        ("duration", 10**20),
        ("duration", "long"),
        ("genre", "x" * 101),
    ],
    ids=[
        "title-list",
        "title-too-long",
        "title-nul",
        "artists-not-a-list",
        "artists-text-id",
        "artists-boolean",
        "album-text",
        "album-object",
        "track-zero",
        "track-negative",
        "track-text",
        "track-huge",
        "disc-zero",
        "disc-too-big",
        "duration-negative",
        "duration-zero",
        "duration-huge",
        "duration-text",
        "genre-too-long",
    ],
)
def test_create_with_an_invalid_value_is_400(client_for, user, artists, field, value):
    response = client_for(user).post(LIST, payload(artists, **{field: value}), format="json")

    assert_field_error(response, field)
    assert not Song.objects.exists()


def test_create_with_malformed_json_is_400(client_for, user):
    response = client_for(user).post(LIST, '{"title": ', content_type="application/json")

    assert response.status_code == 400
    assert "detail" in response.json()


# Changing


@pytest.fixture
def song(user, artists, album):
    return SongFactory(title="So What", created_by=user, artists=list(artists), album=album)


def test_owner_replaces_a_song_with_put(client_for, user, song, artists):
    new = ArtistFactory(name="Third")

    response = client_for(user).put(
        detail(song), payload([artists[0], new], title="Blue in Green"), format="json"
    )

    assert response.status_code == 200
    assert response.data["title"] == "Blue in Green"
    assert [a["name"] for a in response.data["artists"]] == ["First", "Third"]
    song.refresh_from_db()
    assert song.title == "Blue in Green"
    assert list(song.credits.values_list("artist__name", flat=True)) == ["First", "Third"]


def test_put_without_album_removes_it(client_for, user, song, artists):
    response = client_for(user).put(detail(song), payload(artists, album=None), format="json")

    assert response.status_code == 200
    assert response.data["album"] is None
    song.refresh_from_db()
    assert song.album is None


def test_patch_of_title_keeps_credits_and_album(client_for, user, song, album):
    response = client_for(user).patch(detail(song), {"title": "Freddie"}, format="json")

    assert response.status_code == 200
    assert [a["name"] for a in response.data["artists"]] == ["First", "Second"]
    assert response.data["album"] == {"id": album.pk, "title": "Kind of Blue"}


def test_patch_moves_the_song_to_another_album(client_for, user, song):
    other = AlbumFactory(title="Milestones")

    response = client_for(user).patch(detail(song), {"album": other.pk}, format="json")

    assert response.data["album"] == {"id": other.pk, "title": "Milestones"}
    song.refresh_from_db()
    assert song.album == other


def test_patch_answers_with_my_reaction(client_for, user, song):
    react(user, song, Reaction.Value.LIKE)

    response = client_for(user).patch(detail(song), {"title": "Freddie"}, format="json")

    assert response.data["my_reaction"] == "like"
    assert response.data["like_count"] == 1


def test_patch_cannot_set_the_counters(client_for, user, song):
    response = client_for(user).patch(detail(song), {"like_count": 99}, format="json")

    assert response.status_code == 200
    song.refresh_from_db()
    assert song.like_count == 0


def test_patch_with_invalid_value_changes_nothing(client_for, user, song):
    response = client_for(user).patch(
        detail(song), {"title": "Freddie", "duration": -1}, format="json"
    )

    assert_field_error(response, "duration")
    song.refresh_from_db()
    assert song.title == "So What"


def test_staff_changes_anyones_song(client_for, staff_user, song):
    response = client_for(staff_user).patch(detail(song), {"genre": "Jazz"}, format="json")

    assert response.status_code == 200
    song.refresh_from_db()
    assert song.genre == "Jazz"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_another_user_cannot_change_or_delete(client_for, other_user, song, artists, method):
    response = getattr(client_for(other_user), method)(
        detail(song), payload(artists, title="Taken"), format="json"
    )

    assert response.status_code == 403
    song.refresh_from_db()
    assert song.title == "So What"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_anonymous_cannot_change_or_delete(client_for, song, artists, method):
    response = getattr(client_for(None), method)(
        detail(song), payload(artists, title="Taken"), format="json"
    )

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"]
    song.refresh_from_db()
    assert song.title == "So What"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_changing_an_unknown_song_is_404(client_for, staff_user, artists, method):
    response = getattr(client_for(staff_user), method)(
        f"{LIST}/999999", payload(artists), format="json"
    )

    assert response.status_code == 404


# Deleting


def test_owner_deletes_a_song(client_for, user, song):
    response = client_for(user).delete(detail(song))

    assert response.status_code == 204
    assert not Song.objects.exists()


def test_staff_deletes_anyones_song(client_for, staff_user, song):
    response = client_for(staff_user).delete(detail(song))

    assert response.status_code == 204
    assert not Song.objects.exists()


def test_deleting_the_creators_account_keeps_the_song_without_owner(client_for):
    creator = UserFactory()
    song = SongFactory(created_by=creator)

    creator.delete()

    response = client_for(None).get(detail(song))
    assert response.status_code == 200
    assert response.data["created_by"] is None


# Queries
