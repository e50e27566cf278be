"""Rate limits: each throttled write answers 429 with Retry-After past its scope's rate."""

from __future__ import annotations

import pytest
from django.test import override_settings
from rest_framework.throttling import ScopedRateThrottle

from django_musiclib.accounts.views import UserViewSet
from django_musiclib.api.throttling import ScopedThrottle, throttle_rates
from django_musiclib.comments.views import CommentViewSet
from django_musiclib.songs.views import SongViewSet
from tests.factories import SongFactory, identity, login_payload

pytestmark = pytest.mark.django_db


def rates(**scopes: str | None) -> dict:
    return {"THROTTLE_RATES": scopes}


def test_the_default_rates_name_every_scope_the_views_use():
    views = [SongViewSet, CommentViewSet, UserViewSet]
    assert set(throttle_rates()) == {
        scope for view in views for scope in view.throttle_scopes.values()
    }
    assert all(rate is not None for rate in throttle_rates().values())


def test_a_rate_given_in_the_setting_replaces_only_its_scope():
    with override_settings(MUSICLIB=rates(login="1/day")):
        assert throttle_rates()["login"] == "1/day"
        assert throttle_rates()["comment"] == "30/minute"


@override_settings(MUSICLIB=rates(login="2/minute"))
def test_logins_past_the_rate_get_429_with_retry_after(api_client, user):
    for _ in range(2):
        assert (
            api_client.post("/api/users/login", login_payload(user), format="json").status_code
            == 200
        )

    response = api_client.post("/api/users/login", login_payload(user), format="json")

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"].lower()


@override_settings(MUSICLIB=rates(login="2/minute"))
def test_failed_logins_count_too(api_client, user):
    for _ in range(2):
        api_client.post("/api/users/login", login_payload(user, "wrong-password"), format="json")

    response = api_client.post("/api/users/login", login_payload(user), format="json")

    assert response.status_code == 429


@override_settings(MUSICLIB=rates(login="1/minute"))
def test_logins_are_counted_by_client_address(user, other_user):
    from rest_framework.test import APIClient

    here, there = APIClient(REMOTE_ADDR="10.0.0.1"), APIClient(REMOTE_ADDR="10.0.0.2")
    assert here.post("/api/users/login", login_payload(user), format="json").status_code == 200

    assert (
        here.post("/api/users/login", login_payload(other_user), format="json").status_code == 429
    )
    assert there.post("/api/users/login", login_payload(user), format="json").status_code == 200


@override_settings(MUSICLIB=rates(register="1/hour"))
def test_registrations_past_the_rate_get_429(api_client):
    def register(name):
        body = {**identity(name), "password": "a-long-and-unusual-password"}
        return api_client.post("/api/users", body, format="json")

    assert register("ada").status_code == 201

    response = register("grace")

    assert response.status_code == 429
    assert response.has_header("Retry-After")


@override_settings(MUSICLIB=rates(password="1/hour"))
def test_password_changes_past_the_rate_get_429(client_for, user):
    client = client_for(user)
    body = {"old_password": "wrong", "new_password": "another-quite-unusual-passphrase"}
    assert client.post("/api/users/me/password", body, format="json").status_code == 400

    assert client.post("/api/users/me/password", body, format="json").status_code == 429


@override_settings(MUSICLIB=rates(comment="2/minute"))
def test_posting_comments_past_the_rate_gets_429_and_stores_nothing(client_for, user):
    song = SongFactory()
    client = client_for(user)
    for n in range(2):
        body = {"song": song.pk, "body": f"Comment {n}"}
        assert client.post("/api/comments", body, format="json").status_code == 201

    response = client.post("/api/comments", {"song": song.pk, "body": "One more"}, format="json")

    assert response.status_code == 429
    assert song.comments.count() == 2


@override_settings(MUSICLIB=rates(comment="1/minute"))
def test_comments_are_counted_per_user(client_for, user, other_user):
    song = SongFactory()
    body = {"song": song.pk, "body": "Hello"}
    assert client_for(user).post("/api/comments", body, format="json").status_code == 201

    assert client_for(other_user).post("/api/comments", body, format="json").status_code == 201
    assert client_for(user).post("/api/comments", body, format="json").status_code == 429


@override_settings(MUSICLIB=rates(comment="1/minute"))
def test_reading_comments_is_not_throttled(client_for, user):
    client = client_for(user)

    statuses = {client.get("/api/comments").status_code for _ in range(5)}

    assert statuses == {200}


@override_settings(MUSICLIB=rates(reaction="3/minute"))
def test_likes_dislikes_and_taking_back_share_the_reaction_rate(client_for, user):
    song = SongFactory()
    client = client_for(user)
    assert client.post(f"/api/songs/{song.pk}/like").status_code == 200
    assert client.post(f"/api/songs/{song.pk}/dislike").status_code == 200
    assert client.delete(f"/api/songs/{song.pk}/reaction").status_code == 204

    response = client.post(f"/api/songs/{song.pk}/like")

    assert response.status_code == 429
    assert response.has_header("Retry-After")


@override_settings(MUSICLIB=rates(reaction="1/minute"))
def test_other_writes_are_not_throttled(client_for, user):
    song = SongFactory(created_by=user)
    client = client_for(user)

    statuses = {
        client.patch(f"/api/songs/{song.pk}", {"genre": f"genre {n}"}, format="json").status_code
        for n in range(3)
    }

    assert statuses == {200}


@override_settings(MUSICLIB=rates(login=None))
def test_a_scope_set_to_none_is_not_throttled(api_client, user):
    statuses = {
        api_client.post(
            "/api/users/login", login_payload(user, "wrong"), format="json"
        ).status_code
        for _ in range(15)
    }

    assert statuses == {400}


class OneRequestPerView(ScopedThrottle):
    """A host's own throttle: one request a minute in each scope of ours."""

    def get_rate(self) -> str | None:
        return "1/minute" if self.scope else None


@override_settings(MUSICLIB={"THROTTLE_CLASSES": ["tests.api.test_throttling.OneRequestPerView"]})
def test_a_project_sets_its_own_throttle_classes(client_for, user):
    song = SongFactory()
    client = client_for(user)
    assert client.post(f"/api/songs/{song.pk}/like").status_code == 200

    assert client.post(f"/api/songs/{song.pk}/like").status_code == 429


def test_drfs_own_scoped_throttle_leaves_our_views_alone(user):
    # A project may list DRF's ScopedRateThrottle in DEFAULT_THROTTLE_CLASSES without rates
    # for our scopes: it looks for throttle_scope, which our views leave to our throttle.
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory, force_authenticate

    from django_musiclib.songs.views import SongViewSet

    request = APIRequestFactory().post("/api/songs/1/like")
    force_authenticate(request, user)
    view = SongViewSet(action="like")

    assert ScopedRateThrottle().allow_request(Request(request), view)
    assert view.musiclib_throttle_scope == "reaction"


@pytest.mark.parametrize("run", [1, 2])
def test_no_test_inherits_the_throttle_history_of_another(api_client, user, run):
    # Both runs log in from the same address; the cache is emptied between tests.
    with override_settings(MUSICLIB=rates(login="1/hour")):
        response = api_client.post("/api/users/login", login_payload(user), format="json")

    assert response.status_code == 200
