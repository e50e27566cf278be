"""Likes and dislikes: the endpoints, the services behind them, and account deletion."""

from __future__ import annotations

import pytest
from django.test import override_settings

from django_musiclib.songs import services
from django_musiclib.songs.models import Reaction, Song
from tests.factories import SongFactory, UserFactory

pytestmark = pytest.mark.django_db

LIKE = Reaction.Value.LIKE
DISLIKE = Reaction.Value.DISLIKE
REACTION_CALLS = [("post", "like"), ("post", "dislike"), ("delete", "reaction")]


@pytest.fixture
def song():
    return SongFactory()


def counts(song: Song) -> tuple[int, int]:
    song.refresh_from_db()
    return song.like_count, song.dislike_count


def url(song: Song, action: str) -> str:
    return f"/api/songs/{song.pk}/{action}"


# Services


def test_react_adds_one_to_the_counter(user, song):
    services.react(user, song, LIKE)

    assert counts(song) == (1, 0)
    assert Reaction.objects.get(user=user, song=song).value == LIKE


def test_reacting_again_the_same_way_changes_nothing(user, song):
    services.react(user, song, DISLIKE)
    services.react(user, song, DISLIKE)

    assert counts(song) == (0, 1)
    assert Reaction.objects.filter(song=song).count() == 1


def test_switching_a_like_to_a_dislike_moves_one_count_each_way(user, song):
    services.react(user, song, LIKE)

    services.react(user, song, DISLIKE)

    assert counts(song) == (0, 1)
    assert Reaction.objects.get(user=user, song=song).value == DISLIKE


def test_switching_a_dislike_to_a_like_moves_one_count_each_way(user, song):
    services.react(user, song, DISLIKE)

    services.react(user, song, LIKE)

    assert counts(song) == (1, 0)


def test_reactions_of_different_users_add_up(user, other_user, song):
    services.react(user, song, LIKE)
    services.react(other_user, song, LIKE)
    services.react(UserFactory(), song, DISLIKE)

    assert counts(song) == (2, 1)


def test_unreact_takes_back_the_reaction_and_its_count(user, other_user, song):
    services.react(user, song, LIKE)
    services.react(other_user, song, LIKE)

    services.unreact(user, song)

    assert counts(song) == (1, 0)
    assert not Reaction.objects.filter(user=user).exists()


def test_unreact_without_a_reaction_changes_nothing(user, other_user, song):
    services.react(other_user, song, DISLIKE)

    services.unreact(user, song)

    assert counts(song) == (0, 1)


# Endpoints


def test_like_answers_with_the_song_as_the_user_sees_it(client_for, user, song):
    response = client_for(user).post(url(song, "like"))

    assert response.status_code == 200
    assert response.data["id"] == song.pk
    assert response.data["like_count"] == 1
    assert response.data["dislike_count"] == 0
    assert response.data["my_reaction"] == "like"


def test_dislike_answers_with_the_song_as_the_user_sees_it(client_for, user, song):
    response = client_for(user).post(url(song, "dislike"))

    assert response.status_code == 200
    assert (response.data["like_count"], response.data["dislike_count"]) == (0, 1)
    assert response.data["my_reaction"] == "dislike"


def test_liking_twice_counts_once(client_for, user, song):
    client = client_for(user)
    client.post(url(song, "like"))

    response = client.post(url(song, "like"))

    assert response.status_code == 200
    assert response.data["like_count"] == 1
    assert counts(song) == (1, 0)


def test_disliking_a_liked_song_is_one_call(client_for, user, song):
    client = client_for(user)
    client.post(url(song, "like"))

    response = client.post(url(song, "dislike"))

    assert response.data["my_reaction"] == "dislike"
    assert (response.data["like_count"], response.data["dislike_count"]) == (0, 1)


def test_anyone_signed_in_may_react_to_a_song_they_did_not_add(client_for, other_user, song):
    assert song.created_by != other_user

    response = client_for(other_user).post(url(song, "like"))

    assert response.status_code == 200
    assert counts(song) == (1, 0)


def test_delete_reaction_takes_it_back(client_for, user, song):
    client = client_for(user)
    client.post(url(song, "like"))

    response = client.delete(url(song, "reaction"))

    assert response.status_code == 204
    assert counts(song) == (0, 0)
    assert client.get(f"/api/songs/{song.pk}").data["my_reaction"] is None


def test_delete_reaction_twice_answers_204_and_changes_nothing(client_for, user, other_user, song):
    services.react(other_user, song, LIKE)
    client = client_for(user)
    client.post(url(song, "like"))
    client.delete(url(song, "reaction"))

    response = client.delete(url(song, "reaction"))

    assert response.status_code == 204
    assert counts(song) == (1, 0)


@pytest.mark.parametrize(("method", "action"), REACTION_CALLS)
def test_anonymous_cannot_react_401(client_for, song, method, action):
    response = getattr(client_for(None), method)(url(song, action))

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"]
    assert counts(song) == (0, 0)


@pytest.mark.parametrize(("method", "action"), REACTION_CALLS)
@pytest.mark.parametrize("pk", ["999999", "abc", str(10**20)], ids=["unknown", "text", "huge"])
def test_reacting_to_an_unknown_song_is_404(client_for, user, method, action, pk):
    response = getattr(client_for(user), method)(f"/api/songs/{pk}/{action}")

    assert response.status_code == 404


@pytest.mark.parametrize("slash", ["", "/"], ids=["no-slash", "slash"])
def test_reaction_paths_answer_with_and_without_trailing_slash(client_for, user, song, slash):
    client = client_for(user)

    assert client.post(url(song, "like") + slash).status_code == 200
    assert client.post(url(song, "dislike") + slash).status_code == 200
    assert client.delete(url(song, "reaction") + slash).status_code == 204


def test_reading_the_like_path_is_405(client_for, user, song):
    response = client_for(user).get(url(song, "like"))

    assert response.status_code == 405


# Account deletion


def test_deleting_an_account_takes_back_its_reactions_from_the_counters(user, other_user):
    liked, disliked = SongFactory(), SongFactory()
    services.react(user, liked, LIKE)
    services.react(other_user, liked, LIKE)
    services.react(user, disliked, DISLIKE)

    user.delete()

    assert counts(liked) == (1, 0)
    assert counts(disliked) == (0, 0)
    assert not Reaction.objects.filter(song=disliked).exists()


def test_deleting_an_account_keeps_other_users_reactions(user, other_user, song):
    services.react(user, song, DISLIKE)
    services.react(other_user, song, DISLIKE)

    user.delete()

    assert counts(song) == (0, 1)
    assert Reaction.objects.get(song=song).user == other_user


@override_settings(
    MUSICLIB={"REACTION_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"]}
)
def test_reactions_opened_to_anyone_still_answer_401_without_credentials(api_client):
    song = SongFactory()

    response = api_client.post(f"/api/songs/{song.pk}/like")

    assert response.status_code == 401
    assert Song.objects.get(pk=song.pk).like_count == 0


def test_saving_a_song_read_before_a_like_keeps_the_like(user):
    song = SongFactory()
    stale = Song.objects.get(pk=song.pk)
    services.react(user, song, Reaction.Value.LIKE)

    stale.title = "Renamed"
    stale.save()

    song.refresh_from_db()
    assert (song.title, song.like_count) == ("Renamed", 1)


def test_editing_a_song_through_the_api_keeps_likes_given_meanwhile(client_for, user, other_user):
    song = SongFactory(created_by=user)
    services.react(other_user, song, Reaction.Value.LIKE)

    response = client_for(user).patch(f"/api/songs/{song.pk}", {"title": "New"}, format="json")

    assert response.status_code == 200
    assert response.data["like_count"] == 1
    assert Song.objects.get(pk=song.pk).like_count == 1
