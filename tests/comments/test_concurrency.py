"""Comments posted, edited and removed while their song or comment goes (PostgreSQL)."""

from __future__ import annotations

from functools import partial

import pytest

from django_musiclib.comments.models import Comment
from tests.concurrency import at_once, client_of
from tests.factories import CommentFactory, SongFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 8
LIST = "/api/comments"


def test_commenting_on_a_song_being_deleted_answers_400_and_leaves_nothing():
    owner = UserFactory()
    fans = UserFactory.create_batch(4)
    for _ in range(ROUNDS):
        pk = SongFactory(created_by=owner).pk
        calls = [
            partial(client_of(fan).post, LIST, {"song": pk, "body": "Great!"}, format="json")
            for fan in fans
        ]
        calls.append(partial(client_of(owner).delete, f"/api/songs/{pk}"))

        *posted, deleted = at_once(calls)

        assert deleted.status_code == 204
        for response in posted:
            assert response.status_code in (201, 400), response.content
            if response.status_code == 400:
                # As a comment posted a moment later would be told.
                assert "does not exist" in response.json()["song"][0]
        assert not Comment.objects.filter(song_id=pk).exists()


def test_replying_to_a_comment_being_removed_answers_400_or_keeps_the_reply():
    song = SongFactory()
    author, replier = UserFactory(), UserFactory()
    for _ in range(ROUNDS):
        parent = CommentFactory(song=song, author=author)
        payload = {"song": song.pk, "parent": parent.pk, "body": "Agreed."}

        replied, removed = at_once(
            [
                partial(client_of(replier).post, LIST, payload, format="json"),
                partial(client_of(author).delete, f"{LIST}/{parent.pk}"),
            ]
        )

        assert removed.status_code == 204
        assert not Comment.objects.filter(pk=parent.pk).exists()
        if replied.status_code == 201:
            # Replies outlive the comment they answer.
            assert Comment.objects.get(pk=replied.json()["id"]).parent_id is None
        else:
            assert replied.status_code == 400, replied.content
            assert "does not exist" in replied.json()["parent"][0]
        assert not Comment.objects.filter(parent_id=parent.pk).exists()


def test_editing_a_comment_being_removed_never_brings_it_back(moderator):
    song = SongFactory()
    author = UserFactory()
    for _ in range(ROUNDS):
        pk = CommentFactory(song=song, author=author).pk

        edited, removed = at_once(
            [
                partial(client_of(author).patch, f"{LIST}/{pk}", {"body": "Edited"}),
                partial(client_of(moderator).delete, f"{LIST}/{pk}"),
            ]
        )

        assert removed.status_code == 204
        assert edited.status_code in (200, 404), edited.content
        assert not Comment.objects.filter(pk=pk).exists()
