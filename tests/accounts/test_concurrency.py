"""Sign-ups of one name, and an account deleted while it reacts, at the same moment.

PostgreSQL only: see tests/concurrency.py.
"""

from __future__ import annotations

from functools import partial

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from django_musiclib.accounts.models import Profile
from django_musiclib.comments.models import Comment
from tests.concurrency import at_once, client_of
from tests.factories import PASSWORD, SongFactory, UserFactory, identity

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 8
SIGNUPS = 3


def sign_up(payload: dict[str, str]):
    return APIClient().post("/api/users", payload, format="json")


def test_the_same_name_registered_at_once_makes_one_account():
    field = get_user_model().USERNAME_FIELD
    for round_ in range(ROUNDS):
        payload = {**identity(f"ada{round_}"), "password": PASSWORD}

        responses = at_once([partial(sign_up, payload)] * SIGNUPS)

        codes = sorted(response.status_code for response in responses)
        assert codes == [201] + [400] * (SIGNUPS - 1), [r.content for r in responses]
        # Those that lose are told what a sign-up a moment later is told.
        later = sign_up(payload)
        assert later.status_code == 400
        for response in responses:
            if response.status_code == 400:
                assert response.json() == later.json()
                assert list(response.json()) == [field]
        assert get_user_model().objects.filter(**{field: payload[field]}).count() == 1
    assert Profile.objects.count() == ROUNDS


def test_likes_sent_while_the_account_is_deleted_leave_no_count_behind():
    """A user likes songs from other devices while deleting the account."""
    songs = SongFactory.create_batch(3)
    for _ in range(ROUNDS):
        user = UserFactory()
        calls = [partial(client_of(user).post, f"/api/songs/{song.pk}/like") for song in songs]
        calls.append(
            partial(client_of(user).delete, "/api/users/me", {"password": PASSWORD}, format="json")
        )

        *liked, deleted = at_once(calls)

        assert deleted.status_code == 204, deleted.content
        for response in liked:
            assert response.status_code in (200, 401), response.content
        assert not get_user_model().objects.filter(pk=user.pk).exists()
        for song in songs:
            song.refresh_from_db()
            assert (song.like_count, song.dislike_count) == (0, 0)


def test_comments_sent_while_the_account_is_deleted_answer_401_and_leave_nothing():
    """A user comments from other devices while deleting the account."""
    song = SongFactory()
    posted_before = 0
    for round_ in range(ROUNDS):
        user = UserFactory()
        user_pk = user.pk
        calls = [
            partial(
                client_of(user).post,
                "/api/comments",
                {"song": song.pk, "body": f"round {round_}, device {device}"},
                format="json",
            )
            for device in range(3)
        ]
        calls.append(
            partial(client_of(user).delete, "/api/users/me", {"password": PASSWORD}, format="json")
        )

        *posted, deleted = at_once(calls)

        assert deleted.status_code == 204, deleted.content
        for response in posted:
            assert response.status_code in (201, 401), response.content
            if response.status_code == 401:
                assert response.json() == {"detail": "This account has been deleted."}
        # Comments posted before the deletion are kept without an author ("anonymize").
        assert not Comment.objects.filter(author_id=user_pk).exists()
        assert Comment.objects.filter(author=None).count() == posted_before + sum(
            response.status_code == 201 for response in posted
        )
        posted_before = Comment.objects.count()
