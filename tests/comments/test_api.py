"""The /api/comments endpoints: posting, replying, editing, moderation and account deletion."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from django_musiclib.comments.models import Comment
from tests.factories import CommentFactory, SongFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/api/comments"


def detail(comment: Comment) -> str:
    return f"/api/comments/{comment.pk}"


def assert_field_error(response, field: str) -> None:
    assert response.status_code == 400, response.content
    messages = response.json()[field]
    assert isinstance(messages, list)
    assert messages
    assert all(isinstance(message, str) and message for message in messages)


@pytest.fixture
def song():
    return SongFactory()


@pytest.fixture
def comment(user, song):
    return CommentFactory(song=song, author=user, body="First!")


# Reading


def test_list_is_public_and_shows_oldest_first(client_for, song):
    CommentFactory(song=song, body="Earlier")
    CommentFactory(song=song, body="Later")

    response = client_for(None).get(LIST)

    assert response.status_code == 200
    assert [c["body"] for c in response.data["results"]] == ["Earlier", "Later"]


def test_list_filters_by_song(client_for, song):
    CommentFactory(song=song, body="Here")
    CommentFactory(body="Elsewhere")

    response = client_for(None).get(LIST, {"song": song.pk})

    assert [c["body"] for c in response.data["results"]] == ["Here"]


@pytest.mark.parametrize("value", ["abc", "0", str(10**20)], ids=["text", "zero", "huge"])
def test_filtering_by_a_malformed_song_is_400(client_for, song, value):
    CommentFactory(song=song)

    response = client_for(None).get(LIST, {"song": value})

    assert_field_error(response, "song")


@pytest.mark.parametrize("field", ["song", "parent", "author"])
def test_filtering_by_an_id_that_names_nothing_finds_nothing(client_for, song, field):
    CommentFactory(song=song)

    response = client_for(None).get(LIST, {field: 999999})

    assert response.status_code == 200
    assert response.data["results"] == []


def test_retrieve_shows_the_comment(client_for, user, comment, song):
    response = client_for(None).get(detail(comment))

    assert response.status_code == 200
    assert response.data["id"] == comment.pk
    assert response.data["song"] == song.pk
    assert response.data["parent"] is None
    assert response.data["body"] == "First!"
    assert response.data["edited_at"] is None


def test_author_is_shown_by_id_and_public_name_never_by_email(client_for, user, comment):
    email_login = get_user_model().USERNAME_FIELD == "email"

    author = client_for(None).get(detail(comment)).data["author"]

    assert author == {"id": user.pk, "username": None if email_login else user.get_username()}


@pytest.mark.parametrize("pk", ["999999", "abc", str(10**20)], ids=["unknown", "text", "huge"])
def test_retrieve_unknown_or_malformed_id_is_404(client_for, pk):
    CommentFactory()

    response = client_for(None).get(f"{LIST}/{pk}")

    assert response.status_code == 404


@pytest.mark.parametrize("slash", ["", "/"], ids=["no-slash", "slash"])
def test_list_and_detail_answer_with_and_without_trailing_slash(client_for, comment, slash):
    assert client_for(None).get(LIST + slash).status_code == 200
    assert client_for(None).get(detail(comment) + slash).status_code == 200


def test_page_size_is_capped_at_max_page_size_setting(client_for, song):
    CommentFactory.create_batch(4, song=song)

    with override_settings(MUSICLIB={"MAX_PAGE_SIZE": 3, "PAGE_SIZE": 3}):
        response = client_for(None).get(LIST, {"page_size": 4})

    assert len(response.data["results"]) == 3


# Posting


def test_signed_in_user_posts_a_comment(client_for, user, song):
    response = client_for(user).post(LIST, {"song": song.pk, "body": "Lovely."}, format="json")

    assert response.status_code == 201
    comment = Comment.objects.get()
    assert response.data["id"] == comment.pk
    assert response.data["author"]["id"] == user.pk
    assert comment.author == user
    assert comment.song == song
    assert comment.body == "Lovely."


def test_posting_ignores_server_owned_fields(client_for, user, other_user, song):
    response = client_for(user).post(
        LIST,
        {
            "song": song.pk,
            "body": "Lovely.",
            "author": other_user.pk,
            "edited_at": "2001-01-01T00:00:00Z",
            "created_at": "2001-01-01T00:00:00Z",
        },
        format="json",
    )

    assert response.status_code == 201
    comment = Comment.objects.get()
    assert comment.author == user
    assert comment.edited_at is None
    assert comment.created_at.year > 2001


def test_anonymous_cannot_post_401(client_for, song):
    response = client_for(None).post(LIST, {"song": song.pk, "body": "Hi"}, format="json")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"]
    assert not Comment.objects.exists()


def test_reply_on_the_same_song_is_accepted(client_for, other_user, comment, song):
    response = client_for(other_user).post(
        LIST, {"song": song.pk, "parent": comment.pk, "body": "Agreed."}, format="json"
    )

    assert response.status_code == 201
    assert response.data["parent"] == comment.pk


def test_reply_on_another_song_is_400(client_for, other_user, comment):
    elsewhere = SongFactory()

    response = client_for(other_user).post(
        LIST, {"song": elsewhere.pk, "parent": comment.pk, "body": "Agreed."}, format="json"
    )

    assert_field_error(response, "parent")
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("field", ["song", "body"])
def test_posting_without_a_required_field_is_400(client_for, user, song, field):
    data = {"song": song.pk, "body": "Lovely."}
    del data[field]

    response = client_for(user).post(LIST, data, format="json")

    assert_field_error(response, field)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("body", ""),
        ("body", "   "),
        ("body", ["Lovely."]),
        ("song", 999999),
        ("song", 10**20),
        ("song", "abc"),
        ("parent", 999999),
        ("parent", 10**20),
    ],
    ids=[
        "body-empty",
        "body-blank",
        "body-list",
        "song-unknown",
        "song-huge",
        "song-text",
        "parent-unknown",
        "parent-huge",
    ],
)
def test_posting_an_invalid_value_is_400(client_for, user, song, field, value):
    data = {"song": song.pk, "body": "Lovely.", field: value}

    response = client_for(user).post(LIST, data, format="json")

    assert_field_error(response, field)
    assert not Comment.objects.exists()


def test_body_up_to_the_default_maximum_is_accepted(client_for, user, song):
    response = client_for(user).post(LIST, {"song": song.pk, "body": "x" * 2000}, format="json")

    assert response.status_code == 201


def test_body_over_the_default_maximum_is_400(client_for, user, song):
    response = client_for(user).post(LIST, {"song": song.pk, "body": "x" * 2001}, format="json")

    assert_field_error(response, "body")


@override_settings(MUSICLIB={"COMMENT_MAX_LENGTH": 10})
def test_body_over_comment_max_length_setting_is_400(client_for, user, song):
    client = client_for(user)

    assert client.post(LIST, {"song": song.pk, "body": "x" * 10}, format="json").status_code == 201
    response = client.post(LIST, {"song": song.pk, "body": "x" * 11}, format="json")

    assert_field_error(response, "body")
    assert Comment.objects.count() == 1


def test_a_body_comes_back_byte_for_byte_as_plain_json(client_for, user, song):
    body = '<script>alert("hi")</script> & <b>bold</b> &amp; \u00e9 😀'
    client = client_for(user)

    posted = client.post(LIST, {"song": song.pk, "body": body}, format="json")
    read = client.get(detail(Comment.objects.get()))

    assert posted.status_code == 201
    for response in (posted, read):
        assert response["Content-Type"] == "application/json"
        assert response.json()["body"] == body
        assert b"<script>" in response.content
    assert Comment.objects.get().body == body


@pytest.mark.parametrize("body", ["two\nlines", "a\ttab", "typed in a form\r\nnext line"])
def test_line_feeds_tabs_and_crlf_are_kept_as_sent(client_for, user, song, body):
    response = client_for(user).post(LIST, {"song": song.pk, "body": body}, format="json")

    assert response.status_code == 201
    assert Comment.objects.get().body == body


@pytest.mark.parametrize(
    "body", ["bell\x07", "escape \x1b[31mred", "nul \x00", "delete\x7f", "lone\rreturn", "\x85"]
)
def test_a_body_with_control_characters_is_400_and_not_stored(client_for, user, song, body):
    response = client_for(user).post(LIST, {"song": song.pk, "body": body}, format="json")

    assert_field_error(response, "body")
    assert not Comment.objects.exists()


def test_editing_in_a_control_character_is_400(client_for, user, comment):
    response = client_for(user).patch(detail(comment), {"body": "ding\x07"}, format="json")

    assert_field_error(response, "body")
    comment.refresh_from_db()
    assert comment.body == "First!"


def test_the_database_refuses_a_body_over_its_bound(song):
    from django.db import IntegrityError, transaction

    CommentFactory(song=song, body="x" * 10_000)

    with pytest.raises(IntegrityError), transaction.atomic():
        CommentFactory(song=song, body="x" * 10_001)


@override_settings(MUSICLIB={"COMMENT_MAX_LENGTH": 10_000})
def test_a_body_over_the_databases_bound_is_400_not_500(client_for, user, song):
    client = client_for(user)

    response = client.post(LIST, {"song": song.pk, "body": "x" * 10_001}, format="json")

    assert_field_error(response, "body")


def test_posting_malformed_json_is_400(client_for, user):
    response = client_for(user).post(LIST, '{"body": "hi"', content_type="application/json")

    assert response.status_code == 400
    assert "detail" in response.json()


# Editing


def test_author_edits_the_body_and_edited_at_is_set(client_for, user, comment):
    response = client_for(user).patch(detail(comment), {"body": "Second!"}, format="json")

    assert response.status_code == 200
    assert response.data["body"] == "Second!"
    assert response.data["edited_at"] is not None
    comment.refresh_from_db()
    assert comment.body == "Second!"
    assert comment.edited_at is not None


def test_saving_the_same_body_leaves_edited_at_empty(client_for, user, comment):
    response = client_for(user).patch(detail(comment), {"body": "First!"}, format="json")

    assert response.status_code == 200
    assert response.data["edited_at"] is None


def test_author_replaces_the_comment_with_put(client_for, user, comment, song):
    response = client_for(user).put(
        detail(comment), {"song": song.pk, "body": "Second!"}, format="json"
    )

    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.body == "Second!"
    assert comment.edited_at is not None


@pytest.mark.parametrize("method", ["put", "patch"])
def test_moving_a_comment_to_another_song_is_400(client_for, user, comment, song, method):
    elsewhere = SongFactory()

    response = getattr(client_for(user), method)(
        detail(comment), {"song": elsewhere.pk, "body": "Moved"}, format="json"
    )

    assert_field_error(response, "song")
    comment.refresh_from_db()
    assert (comment.song, comment.body) == (song, "First!")


@pytest.mark.parametrize("becomes", ["another", "none"])
def test_changing_what_a_reply_answers_is_400(client_for, user, song, becomes):
    first = CommentFactory(song=song)
    reply = CommentFactory(song=song, author=user, parent=first)
    other = CommentFactory(song=song)
    parent = other.pk if becomes == "another" else None

    response = client_for(user).patch(detail(reply), {"parent": parent}, format="json")

    assert_field_error(response, "parent")
    reply.refresh_from_db()
    assert reply.parent == first


def test_editing_to_a_body_over_the_maximum_is_400(client_for, user, comment):
    with override_settings(MUSICLIB={"COMMENT_MAX_LENGTH": 5}):
        response = client_for(user).patch(detail(comment), {"body": "Too long"}, format="json")

    assert_field_error(response, "body")
    comment.refresh_from_db()
    assert comment.body == "First!"


@pytest.mark.parametrize("who", ["other_user", "staff_user", "moderator"])
@pytest.mark.parametrize("method", ["put", "patch"])
def test_only_the_author_edits_403(request, client_for, comment, song, who, method):
    someone = request.getfixturevalue(who)

    response = getattr(client_for(someone), method)(
        detail(comment), {"song": song.pk, "body": "Hijacked"}, format="json"
    )

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.body == "First!"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_anonymous_cannot_edit_or_delete_401(client_for, comment, song, method):
    response = getattr(client_for(None), method)(
        detail(comment), {"song": song.pk, "body": "Hijacked"}, format="json"
    )

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"]
    comment.refresh_from_db()
    assert comment.body == "First!"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_changing_an_unknown_comment_is_404(client_for, user, song, method):
    response = getattr(client_for(user), method)(
        f"{LIST}/999999", {"song": song.pk, "body": "Hi"}, format="json"
    )

    assert response.status_code == 404


# Deleting


def test_author_deletes_their_comment(client_for, user, comment):
    response = client_for(user).delete(detail(comment))

    assert response.status_code == 204
    assert not Comment.objects.exists()


def test_moderator_deletes_anyones_comment(client_for, moderator, comment):
    response = client_for(moderator).delete(detail(comment))

    assert response.status_code == 204
    assert not Comment.objects.exists()


def test_another_user_cannot_delete_403(client_for, other_user, comment):
    response = client_for(other_user).delete(detail(comment))

    assert response.status_code == 403
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_deleting_a_comment_keeps_its_replies(client_for, user, comment, song):
    reply = CommentFactory(song=song, parent=comment)

    client_for(user).delete(detail(comment))

    reply.refresh_from_db()
    assert reply.parent is None


def test_deleting_a_song_deletes_its_comments(client_for, comment, song):
    client_for(song.created_by).delete(f"/api/songs/{song.pk}")

    assert not Comment.objects.exists()


# Account deletion


def test_comments_are_kept_without_author_when_the_account_is_deleted(client_for, song):
    author = UserFactory()
    kept = CommentFactory(song=song, author=author, body="Still here")
    CommentFactory(song=song)

    author.delete()

    response = client_for(None).get(detail(kept))
    assert response.status_code == 200
    assert response.data["author"] is None
    assert response.data["body"] == "Still here"
    assert Comment.objects.count() == 2


@override_settings(MUSICLIB={"COMMENTS_ON_ACCOUNT_DELETE": "delete"})
def test_comments_are_deleted_with_the_account_when_the_setting_says_so(client_for, song):
    author = UserFactory()
    CommentFactory(song=song, author=author)
    other = CommentFactory(song=song, body="Someone else's")

    author.delete()

    assert list(Comment.objects.all()) == [other]


@override_settings(MUSICLIB={"COMMENTS_ON_ACCOUNT_DELETE": "delete"})
def test_replies_outlive_a_comment_deleted_with_its_account(song):
    author = UserFactory()
    answered = CommentFactory(song=song, author=author)
    reply = CommentFactory(song=song, parent=answered)

    author.delete()

    reply.refresh_from_db()
    assert reply.parent is None


# Queries
