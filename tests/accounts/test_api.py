"""The accounts API: sign-up, log in and out, "me", password, deletion, public profiles.

Every payload names the user model's ``USERNAME_FIELD``, so the same tests run with
Django's user model and with a model that signs in by email.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import override_settings
from knox.models import get_token_model
from rest_framework.test import APIClient

from django_musiclib.accounts.models import Profile
from django_musiclib.accounts.serializers import ProfileSerializer
from django_musiclib.albums.models import Album
from django_musiclib.artists.models import Artist
from django_musiclib.comments.models import Comment
from django_musiclib.songs.models import Reaction, Song
from tests.factories import (
    PASSWORD,
    AlbumFactory,
    ArtistFactory,
    CommentFactory,
    SongFactory,
    UserFactory,
    identity,
    login_payload,
    react,
    token_for,
    username_of,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-quite-unusual-passphrase"
SIGNS_IN_BY_EMAIL = get_user_model().USERNAME_FIELD == "email"
email_users_only = pytest.mark.skipif(
    not SIGNS_IN_BY_EMAIL, reason="only for a user model that signs in by email"
)
username_users_only = pytest.mark.skipif(
    SIGNS_IN_BY_EMAIL, reason="only for a user model with a public username"
)


def with_slash(path: str) -> list[str]:
    """Both spellings of ``path``: the API answers each one, never by a redirect."""
    return [path, f"{path}/"]


def token_client(token: str, client: APIClient | None = None) -> APIClient:
    client = client or APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def signup(name: str = "ada", **extra: str) -> dict[str, str]:
    return {**identity(name), "password": PASSWORD, **extra}


def user_count() -> int:
    return get_user_model().objects.count()


def public_path(user) -> str:
    """The public profile URL: by username, or by id where users sign in by email."""
    key = user.pk if SIGNS_IN_BY_EMAIL else username_of(user)
    return f"/api/users/{key}"


# Register


@pytest.mark.parametrize("path", with_slash("/api/users"))
def test_register_answers_201_with_the_new_profile(api_client, path):
    response = api_client.post(path, signup("ada", display_name="Ada L."), format="json")

    assert response.status_code == 201
    field = get_user_model().USERNAME_FIELD
    assert response.data[field] == identity("ada")[field]
    assert response.data["display_name"] == "Ada L."


def test_register_keeps_the_bio(api_client):
    response = api_client.post("/api/users", signup("ada", bio="Counts notes."), format="json")

    assert response.status_code == 201
    assert response.data["bio"] == "Counts notes."


def test_registered_user_can_log_in(api_client):
    api_client.post("/api/users", signup("ada"), format="json")

    response = api_client.post(
        "/api/users/login", {**identity("ada"), "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200


def test_register_never_returns_the_password(api_client):
    response = api_client.post("/api/users", signup("ada"), format="json")

    assert response.status_code == 201
    assert "password" not in response.data
    assert PASSWORD not in response.content.decode()


def test_register_rejects_a_short_password_with_the_validators_message(api_client):
    response = api_client.post(
        "/api/users", {**identity("ada"), "password": "x7#q"}, format="json"
    )

    assert response.status_code == 400
    assert any("too short" in message for message in response.data["password"])
    assert user_count() == 0


def test_register_rejects_a_common_password(api_client):
    response = api_client.post(
        "/api/users", {**identity("ada"), "password": "password123"}, format="json"
    )

    assert response.status_code == 400
    assert any("too common" in message for message in response.data["password"])
    assert user_count() == 0


def test_register_rejects_a_taken_username(api_client):
    UserFactory(**identity("ada"))

    response = api_client.post("/api/users", signup("ada"), format="json")

    assert response.status_code == 400
    assert get_user_model().USERNAME_FIELD in response.data
    assert user_count() == 1


def test_register_rejects_a_name_that_becomes_a_taken_one_once_normalized(api_client):
    """``create_user`` normalizes names (NFKC for usernames, domain case for emails)."""
    UserFactory(**identity("ada"))
    field = get_user_model().USERNAME_FIELD
    lookalike = "ada@EXAMPLE.COM" if SIGNS_IN_BY_EMAIL else "\uff41da"  # a fullwidth "a"

    response = api_client.post("/api/users", {field: lookalike, "password": PASSWORD})

    assert response.status_code == 400
    assert "already exists" in str(response.data[field])
    assert user_count() == 1


@username_users_only
@pytest.mark.parametrize(
    "name",
    ["me", "ME", "login", "logout", "logout-all", "csrf", "\uff4d\uff45"],  # a fullwidth "me"
)
def test_register_rejects_a_name_reserved_for_an_endpoint(api_client, name):
    response = api_client.post("/api/users", signup(name), format="json")

    assert response.status_code == 400
    assert "reserved" in str(response.data["username"])
    assert user_count() == 0


def test_register_names_each_missing_field(api_client):
    response = api_client.post("/api/users", {}, format="json")

    assert response.status_code == 400
    assert set(response.data) >= {get_user_model().USERNAME_FIELD, "password"}


def test_register_creates_a_profile(api_client):
    api_client.post("/api/users", signup("ada", display_name="Ada"), format="json")

    assert Profile.objects.get().display_name == "Ada"


# Log in


@pytest.mark.parametrize("path", with_slash("/api/users/login"))
def test_login_answers_a_token_its_expiry_and_the_user(api_client, user, path):
    response = api_client.post(path, login_payload(user), format="json")

    assert response.status_code == 200
    assert response.data["token"]
    assert response.data["expiry"]
    assert response.data["user"]["id"] == user.pk
    assert "password" not in response.data["user"]


def test_login_token_authenticates_later_requests(api_client, user):
    token = api_client.post("/api/users/login", login_payload(user), format="json").data["token"]

    response = token_client(token).get("/api/users/me")

    assert response.status_code == 200
    assert response.data["id"] == user.pk


def test_login_with_a_wrong_password_is_refused_with_a_message(api_client, user):
    response = api_client.post(
        "/api/users/login", login_payload(user, "not-the-password"), format="json"
    )

    assert response.status_code == 400
    assert "Unable to log in" in str(response.data)
    assert "token" not in response.data


def test_login_of_an_inactive_user_is_refused_with_a_message(api_client):
    inactive = UserFactory(is_active=False)

    response = api_client.post("/api/users/login", login_payload(inactive), format="json")

    assert response.status_code == 400
    assert "Unable to log in" in str(response.data)


def test_login_without_a_password_names_the_field(api_client, user):
    response = api_client.post(
        "/api/users/login", {user.USERNAME_FIELD: username_of(user)}, format="json"
    )

    assert response.status_code == 400
    assert "password" in response.data


def test_login_with_session_sets_a_cookie_that_authenticates_later_requests(user):
    client = APIClient()
    response = client.post(
        "/api/users/login", {**login_payload(user), "session": True}, format="json"
    )
    assert response.status_code == 200
    assert "sessionid" in response.cookies

    me = client.get("/api/users/me")

    assert me.status_code == 200
    assert me.data["id"] == user.pk


def test_login_without_session_sets_no_session_cookie(api_client, user):
    response = api_client.post("/api/users/login", login_payload(user), format="json")

    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def browser_session(user) -> APIClient:
    """A client that checks CSRF as a browser's requests are checked, logged in by session."""
    client = APIClient(enforce_csrf_checks=True)
    token = client.get("/api/users/csrf").data["csrfToken"]
    response = client.post(
        "/api/users/login",
        {**login_payload(user), "session": True},
        format="json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200, response.data
    return client


@pytest.mark.parametrize("path", with_slash("/api/users/csrf"))
def test_csrf_endpoint_sets_the_cookie_and_answers_the_token(path):
    client = APIClient(enforce_csrf_checks=True)

    response = client.get(path)

    assert response.status_code == 200
    assert response.data["csrfToken"]
    assert client.cookies["csrftoken"].value


def test_session_login_without_the_csrf_token_is_refused_with_a_message(user):
    client = APIClient(enforce_csrf_checks=True)
    client.get("/api/users/csrf")

    response = client.post(
        "/api/users/login", {**login_payload(user), "session": True}, format="json"
    )

    assert response.status_code == 403
    assert "CSRF" in response.data["detail"]
    assert "/api/users/csrf" in response.data["detail"]
    assert "sessionid" not in response.cookies
    assert get_token_model().objects.count() == 0


def test_session_login_with_a_wrong_csrf_token_is_refused(user):
    client = APIClient(enforce_csrf_checks=True)
    client.get("/api/users/csrf")

    response = client.post(
        "/api/users/login",
        {**login_payload(user), "session": True},
        format="json",
        HTTP_X_CSRFTOKEN="x" * 32,
    )

    assert response.status_code == 403
    assert "CSRF" in response.data["detail"]


def test_session_login_with_the_csrf_token_starts_a_working_session(user):
    client = browser_session(user)

    me = client.get("/api/users/me")

    assert me.status_code == 200
    assert me.data["id"] == user.pk


def test_token_login_and_token_requests_need_no_csrf_token(user):
    client = APIClient(enforce_csrf_checks=True)
    response = client.post("/api/users/login", login_payload(user), format="json")
    assert response.status_code == 200

    token_client(response.data["token"], client)
    changed = client.patch("/api/users/me", {"display_name": "Ada"}, format="json")

    assert changed.status_code == 200


def test_session_login_sets_a_csrf_cookie_that_later_changes_send_back(user):
    client = browser_session(user)

    response = client.patch(
        "/api/users/me",
        {"display_name": "Ada"},
        format="json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )

    assert response.status_code == 200
    assert response.data["display_name"] == "Ada"


def test_a_session_change_without_the_csrf_token_is_refused(user):
    client = browser_session(user)

    response = client.patch("/api/users/me", {"display_name": "Ada"}, format="json")

    assert response.status_code == 403
    assert "CSRF" in response.data["detail"]


@override_settings(REST_KNOX={"TOKEN_LIMIT_PER_USER": 1})
def test_login_beyond_the_token_limit_is_refused_with_a_message(api_client, user):
    token_for(user)

    response = api_client.post("/api/users/login", login_payload(user), format="json")

    assert response.status_code == 403
    assert "log out elsewhere" in response.data["detail"]


def test_login_is_not_blocked_by_an_invalid_authorization_header(user):
    client = token_client("not-a-real-token")

    response = client.post("/api/users/login", login_payload(user), format="json")

    assert response.status_code == 200
    assert response.data["token"]


# Log out


@pytest.mark.parametrize("path", with_slash("/api/users/logout"))
def test_logout_revokes_the_token_it_was_sent_with(user, path):
    client = token_client(token_for(user))

    assert client.post(path).status_code == 204

    assert client.get("/api/users/me").status_code == 401


def test_logout_keeps_the_users_other_tokens(user):
    other_device = token_client(token_for(user))

    token_client(token_for(user)).post("/api/users/logout")

    assert other_device.get("/api/users/me").status_code == 200


def test_logout_ends_a_session(user):
    client = APIClient()
    client.post("/api/users/login", {**login_payload(user), "session": True}, format="json")

    assert client.post("/api/users/logout").status_code == 204

    assert client.get("/api/users/me").status_code in (401, 403)


def test_logout_needs_credentials(api_client):
    assert api_client.post("/api/users/logout").status_code == 401


@pytest.mark.parametrize("path", with_slash("/api/users/logout-all"))
def test_logout_all_revokes_every_token_of_the_user(user, path):
    first = token_client(token_for(user))
    second = token_client(token_for(user))

    assert first.post(path).status_code == 204

    assert first.get("/api/users/me").status_code == 401
    assert second.get("/api/users/me").status_code == 401


def test_logout_all_leaves_other_users_tokens(user, other_user):
    theirs = token_client(token_for(other_user))

    token_client(token_for(user)).post("/api/users/logout-all")

    assert theirs.get("/api/users/me").status_code == 200


# Me


@pytest.mark.parametrize("path", with_slash("/api/users/me"))
def test_me_needs_credentials(api_client, path):
    assert api_client.get(path).status_code == 401


@pytest.mark.parametrize("path", with_slash("/api/users/me"))
def test_me_shows_the_signed_in_users_account(client_for, user, path):
    response = client_for(user).get(path)

    assert response.status_code == 200
    assert response.data["id"] == user.pk
    assert response.data[user.USERNAME_FIELD] == username_of(user)


def test_me_gives_a_profile_to_a_user_created_outside_the_api(client_for):
    user = get_user_model().objects.create_user(**identity("outsider"), password=PASSWORD)

    response = client_for(user).get("/api/users/me")

    assert response.status_code == 200
    assert response.data["display_name"] == ""


def test_patch_me_changes_display_name_and_bio(client_for, user):
    response = client_for(user).patch(
        "/api/users/me", {"display_name": "Ada", "bio": "Counts notes."}, format="json"
    )

    assert response.status_code == 200
    again = client_for(user).get("/api/users/me").data
    assert (again["display_name"], again["bio"]) == ("Ada", "Counts notes.")


def test_patch_me_cannot_change_the_username(client_for, user):
    before = username_of(user)

    response = client_for(user).patch(
        "/api/users/me", {user.USERNAME_FIELD: identity("mallory")[user.USERNAME_FIELD]}
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert username_of(user) == before


@username_users_only
def test_patch_me_cannot_change_the_email(client_for):
    user = UserFactory(email="ada@example.com")

    response = client_for(user).patch("/api/users/me", {"email": "mallory@example.com"})

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.email == "ada@example.com"


def test_put_me_is_not_allowed_patch_changes_the_profile(client_for, user):
    response = client_for(user).put("/api/users/me", {"display_name": "Ada L."}, format="json")

    assert response.status_code == 405


def test_me_rejects_a_bio_longer_than_2000_characters(client_for, user):
    response = client_for(user).patch("/api/users/me", {"bio": "x" * 2001}, format="json")

    assert response.status_code == 400
    assert "bio" in response.data
    assert client_for(user).get("/api/users/me").data["bio"] == ""


# Password


@pytest.mark.parametrize("path", with_slash("/api/users/me/password"))
def test_password_change_answers_204(client_for, user, path):
    response = client_for(user).post(
        path, {"old_password": PASSWORD, "new_password": NEW_PASSWORD}, format="json"
    )

    assert response.status_code == 204


def test_password_change_with_a_wrong_old_password_is_refused(client_for, user):
    response = client_for(user).post(
        "/api/users/me/password",
        {"old_password": "not-the-password", "new_password": NEW_PASSWORD},
        format="json",
    )

    assert response.status_code == 400
    assert "old_password" in response.data
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_to_a_weak_password_is_refused_with_the_message(client_for, user):
    response = client_for(user).post(
        "/api/users/me/password",
        {"old_password": PASSWORD, "new_password": "password"},
        format="json",
    )

    assert response.status_code == 400
    assert any("too common" in message for message in response.data["new_password"])
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_needs_credentials(api_client):
    response = api_client.post(
        "/api/users/me/password",
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD},
        format="json",
    )

    assert response.status_code == 401


def test_after_a_password_change_the_new_password_logs_in_and_the_old_does_not(
    api_client, client_for, user
):
    client_for(user).post(
        "/api/users/me/password",
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD},
        format="json",
    )

    new = api_client.post("/api/users/login", login_payload(user, NEW_PASSWORD), format="json")
    old = api_client.post("/api/users/login", login_payload(user, PASSWORD), format="json")

    assert (new.status_code, old.status_code) == (200, 400)


def test_password_change_revokes_other_tokens_and_keeps_the_current_one(user):
    current = token_client(token_for(user))
    other_device = token_client(token_for(user))

    current.post(
        "/api/users/me/password",
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD},
        format="json",
    )

    assert other_device.get("/api/users/me").status_code == 401
    assert current.get("/api/users/me").status_code == 200


def test_password_change_keeps_the_current_session(user):
    client = APIClient()
    client.post("/api/users/login", {**login_payload(user), "session": True}, format="json")

    response = client.post(
        "/api/users/me/password",
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD},
        format="json",
    )

    assert response.status_code == 204
    assert client.get("/api/users/me").status_code == 200


# Delete my account


def delete_me(client: APIClient, password: str | None = PASSWORD):
    data = {} if password is None else {"password": password}
    return client.delete("/api/users/me", data, format="json")


def user_exists(user) -> bool:
    return get_user_model().objects.filter(pk=user.pk).exists()


def test_delete_me_without_a_password_is_refused_and_deletes_nothing(client_for, user):
    response = delete_me(client_for(user), password=None)

    assert response.status_code == 400
    assert "password" in response.data
    assert user_exists(user)


def test_delete_me_with_a_wrong_password_is_refused_and_deletes_nothing(client_for, user):
    CommentFactory(author=user)

    response = delete_me(client_for(user), password="not-the-password")

    assert response.status_code == 400
    assert user_exists(user)
    assert Comment.objects.filter(author=user).count() == 1


def test_delete_me_needs_credentials(api_client):
    assert delete_me(api_client).status_code == 401


@pytest.mark.parametrize("path", with_slash("/api/users/me"))
def test_delete_me_deletes_the_user(client_for, user, path):
    response = client_for(user).delete(path, {"password": PASSWORD}, format="json")

    assert response.status_code == 204
    assert not user_exists(user)


def test_delete_me_deletes_the_users_tokens(user):
    token_for(user)
    client = token_client(token_for(user))

    delete_me(client)

    assert not get_token_model().objects.filter(user_id=user.pk).exists()
    assert client.get("/api/users/me").status_code == 401


def test_delete_me_deletes_the_profile(client_for, user):
    client = client_for(user)
    client.patch("/api/users/me", {"display_name": "Ada"}, format="json")

    delete_me(client)

    assert not Profile.objects.filter(user_id=user.pk).exists()


def test_delete_me_takes_back_reactions_and_corrects_song_counts(client_for, user, other_user):
    liked, disliked = SongFactory(), SongFactory()
    react(user, liked, Reaction.Value.LIKE)
    react(other_user, liked, Reaction.Value.LIKE)
    react(user, disliked, Reaction.Value.DISLIKE)
    react(other_user, disliked, Reaction.Value.LIKE)

    delete_me(client_for(user))

    liked.refresh_from_db()
    disliked.refresh_from_db()
    assert (liked.like_count, liked.dislike_count) == (1, 0)
    assert (disliked.like_count, disliked.dislike_count) == (1, 0)
    assert not Reaction.objects.filter(user_id=user.pk).exists()
    assert Song.objects.count() == 2


def test_delete_me_shows_corrected_counts_in_the_api(api_client, client_for, user, other_user):
    song = SongFactory()
    react(user, song, Reaction.Value.DISLIKE)
    react(other_user, song, Reaction.Value.DISLIKE)

    delete_me(client_for(user))

    response = api_client.get(f"/api/songs/{song.pk}")
    assert (response.data["like_count"], response.data["dislike_count"]) == (0, 1)


def test_delete_me_ends_the_browser_session_it_was_sent_with(user):
    client = browser_session(user)

    response = client.delete(
        "/api/users/me",
        {"password": PASSWORD},
        format="json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )

    assert response.status_code == 204
    assert client.get("/api/users/me").status_code == 401
    assert not Session.objects.exists()


def test_delete_me_signs_out_the_users_other_browsers_and_tokens(user):
    other_browser = APIClient()
    other_browser.force_login(user)
    other_device = token_client(token_for(user))

    delete_me(token_client(token_for(user)))

    assert other_browser.get("/api/users/me").status_code == 401
    assert other_device.get("/api/users/me").status_code == 401


def test_delete_me_keeps_the_catalog_the_user_created_without_an_owner(
    api_client, client_for, user
):
    artist = ArtistFactory(created_by=user)
    album = AlbumFactory(created_by=user, artists=[artist])
    song = SongFactory(created_by=user, artists=[artist], album=album)

    assert delete_me(client_for(user)).status_code == 204

    for model, obj, path in [
        (Artist, artist, f"/api/artists/{artist.pk}"),
        (Album, album, f"/api/albums/{album.pk}"),
        (Song, song, f"/api/songs/{song.pk}"),
    ]:
        assert model.objects.get(pk=obj.pk).created_by_id is None
        response = api_client.get(path)
        assert response.status_code == 200
        assert response.data["created_by"] is None


def test_delete_me_keeps_comments_without_an_author_by_default(client_for, user):
    comment = CommentFactory(author=user, body="Still worth reading.")

    delete_me(client_for(user))

    comment.refresh_from_db()
    assert comment.author is None
    assert comment.body == "Still worth reading."


@override_settings(MUSICLIB={"COMMENTS_ON_ACCOUNT_DELETE": "anonymize"})
def test_delete_me_anonymizes_comments_when_the_setting_says_so(
    api_client, client_for, user, other_user
):
    mine = CommentFactory(author=user, body="Mine.")
    theirs = CommentFactory(author=other_user, body="Theirs.")

    delete_me(client_for(user))

    response = api_client.get(f"/api/comments/{mine.pk}")
    assert (response.data["author"], response.data["body"]) == (None, "Mine.")
    theirs.refresh_from_db()
    assert theirs.author == other_user


@override_settings(MUSICLIB={"COMMENTS_ON_ACCOUNT_DELETE": "delete"})
def test_delete_me_deletes_comments_when_the_setting_says_so(client_for, user, other_user):
    CommentFactory(author=user)
    theirs = CommentFactory(author=other_user)

    delete_me(client_for(user))

    assert list(Comment.objects.all()) == [theirs]


@pytest.mark.parametrize("policy", ["anonymize", "delete"])
def test_delete_me_keeps_the_replies_other_users_wrote_to_the_users_comments(
    api_client, client_for, user, other_user, policy
):
    answered = CommentFactory(author=user)
    reply = CommentFactory(author=other_user, song=answered.song, parent=answered, body="A reply.")

    with override_settings(MUSICLIB={"COMMENTS_ON_ACCOUNT_DELETE": policy}):
        delete_me(client_for(user))

    response = api_client.get(f"/api/comments/{reply.pk}")
    assert response.status_code == 200
    assert response.data["body"] == "A reply."
    assert response.data["author"]["id"] == other_user.pk
    kept = policy == "anonymize"
    assert response.data["parent"] == (answered.pk if kept else None)
    assert Comment.objects.filter(pk=answered.pk).exists() == kept


@pytest.mark.parametrize("policy", ["anonymize", "delete"])
def test_delete_me_leaves_every_row_of_other_users_as_it_was(client_for, user, other_user, policy):
    shared = SongFactory(created_by=other_user)
    their_artist = ArtistFactory(created_by=other_user)
    their_album = AlbumFactory(created_by=other_user, artists=[their_artist])
    their_comment = CommentFactory(author=other_user, song=shared, body="Theirs.")
    CommentFactory(author=user, song=shared)
    react(other_user, shared, Reaction.Value.LIKE)
    react(user, shared, Reaction.Value.LIKE)
    their_token = token_for(other_user)
    client_for(other_user).patch("/api/users/me", {"display_name": "Other"}, format="json")
    before = {
        "token": list(get_token_model().objects.filter(user=other_user).values()),
        "profile": list(Profile.objects.filter(user=other_user).values()),
        "reactions": list(Reaction.objects.filter(user=other_user).values()),
        "comments": list(Comment.objects.filter(author=other_user).values()),
    }

    with override_settings(MUSICLIB={"COMMENTS_ON_ACCOUNT_DELETE": policy}):
        delete_me(client_for(user))

    assert before == {
        "token": list(get_token_model().objects.filter(user=other_user).values()),
        "profile": list(Profile.objects.filter(user=other_user).values()),
        "reactions": list(Reaction.objects.filter(user=other_user).values()),
        "comments": list(Comment.objects.filter(author=other_user).values()),
    }
    assert user_exists(other_user)
    assert token_client(their_token).get("/api/users/me").status_code == 200
    for obj in (shared, their_artist, their_album):
        obj.refresh_from_db()
        assert obj.created_by == other_user
    shared.refresh_from_db()
    assert shared.like_count == 1
    their_comment.refresh_from_db()
    assert their_comment.body == "Theirs."


# Public profiles


def test_public_profile_is_visible_to_anyone(api_client, user):
    response = api_client.get(public_path(user))

    assert response.status_code == 200
    assert response.data["id"] == user.pk


@pytest.mark.parametrize("slash", ["", "/"])
def test_public_profile_answers_with_and_without_a_slash(api_client, user, slash):
    assert api_client.get(public_path(user) + slash).status_code == 200


def test_public_profile_shows_display_name_and_bio(api_client, client_for, user):
    client_for(user).patch(
        "/api/users/me", {"display_name": "Ada", "bio": "Counts notes."}, format="json"
    )

    response = api_client.get(public_path(user))

    assert (response.data["display_name"], response.data["bio"]) == ("Ada", "Counts notes.")


def test_public_profile_never_shows_an_email_address(api_client):
    user = UserFactory(email="private.person@example.com")

    response = api_client.get(public_path(user))

    assert response.status_code == 200
    body = json.dumps(response.json())
    assert "@" not in body
    assert "example.com" not in body


@username_users_only
def test_public_profile_is_found_by_username(api_client):
    user = UserFactory(username="ada")

    response = api_client.get("/api/users/ada")

    assert response.status_code == 200
    assert response.data["username"] == "ada"
    assert response.data["id"] == user.pk


@email_users_only
def test_public_profile_is_found_by_id_with_a_null_username_under_email_sign_in(api_client, user):
    response = api_client.get(f"/api/users/{user.pk}")

    assert response.status_code == 200
    assert response.data["id"] == user.pk
    assert response.data["username"] is None


@email_users_only
def test_public_profile_is_not_found_by_email_address(api_client, user):
    assert api_client.get(f"/api/users/{user.email}").status_code == 404


def test_public_profile_of_an_unknown_user_is_404(api_client, user):
    unknown = "nobody-here" if not SIGNS_IN_BY_EMAIL else str(user.pk + 1000)

    assert api_client.get(f"/api/users/{unknown}").status_code == 404


def test_public_profile_of_an_inactive_user_is_404(api_client):
    inactive = UserFactory(is_active=False)

    assert api_client.get(public_path(inactive)).status_code == 404


class ShortProfileSerializer(ProfileSerializer):
    class Meta(ProfileSerializer.Meta):
        fields = ["id", "display_name"]


@override_settings(
    MUSICLIB={"PROFILE_SERIALIZER": "tests.accounts.test_api.ShortProfileSerializer"}
)
def test_login_shows_the_user_with_the_configured_profile_serializer(api_client, user):
    response = api_client.post("/api/users/login", login_payload(user), format="json")

    assert response.status_code == 200
    assert "display_name" in response.data["user"]
    assert "bio" not in response.data["user"]


@override_settings(
    MUSICLIB={"ACCOUNT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"]}
)
def test_me_opened_to_anyone_still_answers_401_without_credentials(api_client):
    response = api_client.get("/api/users/me")

    assert response.status_code == 401


def test_a_token_login_records_the_last_login(api_client, user):
    assert user.last_login is None

    response = api_client.post("/api/users/login", login_payload(user), format="json")

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.last_login is not None
