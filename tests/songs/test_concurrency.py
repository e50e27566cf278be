"""Likes, dislikes, edits and deletions of the same songs at the same moment (PostgreSQL)."""

from __future__ import annotations

import random
from functools import partial

import pytest

from django_musiclib.songs.models import Reaction, Song
from tests.concurrency import at_once, client_of
from tests.factories import ArtistFactory, SongFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 8
REACTIONS = {
    "like": ("post", "like"),
    "dislike": ("post", "dislike"),
    "remove": ("delete", "reaction"),
}


def send(user, song_pk: int, what: str):
    """One reaction request of ``user``, from a client of its own."""
    method, action = REACTIONS[what]
    return getattr(client_of(user), method)(f"/api/songs/{song_pk}/{action}")


def true_counts(song: Song) -> tuple[int, int]:
    reactions = Reaction.objects.filter(song=song)
    return (
        reactions.filter(value=Reaction.Value.LIKE).count(),
        reactions.filter(value=Reaction.Value.DISLIKE).count(),
    )


def test_counters_match_the_reactions_after_many_at_once():
    """The same users like, dislike and take back reactions on the same songs at once."""
    songs = SongFactory.create_batch(2)
    users = UserFactory.create_batch(2)
    chance = random.Random(7)
    for _ in range(ROUNDS):
        # Two different requests of each user on each song: the hardest case.
        calls = [
            partial(send, user, song.pk, what)
            for user in users
            for song in songs
            for what in chance.sample(sorted(REACTIONS), 2)
        ]
        responses = at_once(calls)
        assert {response.status_code for response in responses} <= {200, 204}

    for song in songs:
        song.refresh_from_db()
        assert (song.like_count, song.dislike_count) == true_counts(song)


def test_the_same_like_sent_twice_at_once_counts_once():
    user = UserFactory()
    for _ in range(ROUNDS):
        song = SongFactory()

        responses = at_once([partial(send, user, song.pk, "like")] * 2)

        assert [response.status_code for response in responses] == [200, 200]
        assert [response.json()["like_count"] for response in responses] == [1, 1]
        song.refresh_from_db()
        assert song.like_count == 1
        assert Reaction.objects.filter(song=song, user=user).count() == 1


def test_reacting_to_a_song_being_deleted_answers_404_and_leaves_nothing():
    owner = UserFactory()
    fans = UserFactory.create_batch(4)
    for _ in range(ROUNDS):
        pk = SongFactory(created_by=owner).pk
        calls = [
            partial(send, fan, pk, what)
            for fan, what in zip(fans, ["like", "dislike", "like", "remove"], strict=True)
        ]
        calls.append(partial(client_of(owner).delete, f"/api/songs/{pk}"))

        *reacted, deleted = at_once(calls)

        assert deleted.status_code == 204
        for response in reacted:
            assert response.status_code in (200, 204, 404), response.content
        assert not Song.objects.filter(pk=pk).exists()
        assert not Reaction.objects.filter(song_id=pk).exists()


def test_editing_a_song_being_deleted_never_brings_it_back():
    owner = UserFactory()
    for _ in range(ROUNDS):
        pk = SongFactory(created_by=owner).pk

        edited, deleted = at_once(
            [
                partial(client_of(owner).patch, f"/api/songs/{pk}", {"title": "Renamed"}),
                partial(client_of(owner).delete, f"/api/songs/{pk}"),
            ]
        )

        assert deleted.status_code == 204
        assert edited.status_code in (200, 404), edited.content
        assert not Song.objects.filter(pk=pk).exists()


def test_crediting_an_artist_being_deleted_answers_400_or_409():
    """A new song credits an artist that its owner deletes at the same moment."""
    owner = UserFactory()
    for round_ in range(ROUNDS):
        artist = ArtistFactory(created_by=owner)
        payload = {"title": f"New {round_}", "artists": [artist.pk]}

        created, deleted = at_once(
            [
                partial(client_of(owner).post, "/api/songs", payload, format="json"),
                partial(client_of(owner).delete, f"/api/artists/{artist.pk}"),
            ]
        )

        if created.status_code == 201:
            # The song came first and holds on to the artist.
            assert deleted.status_code == 409, deleted.content
            assert Song.objects.filter(artists=artist).exists()
        else:
            assert created.status_code == 400, created.content
            assert "artists" in created.json()
            assert deleted.status_code == 204
            assert not Song.objects.filter(title=payload["title"]).exists()


def test_two_edits_of_a_songs_artists_at_once_leave_one_of_the_lists():
    owner = UserFactory()
    first, second, third = ArtistFactory.create_batch(3)
    lists = [[first.pk, second.pk], [third.pk, first.pk]]
    for _ in range(ROUNDS):
        pk = SongFactory(created_by=owner, artists=[second]).pk

        responses = at_once(
            [
                partial(
                    client_of(owner).patch, f"/api/songs/{pk}", {"artists": ids}, format="json"
                )
                for ids in lists
            ]
        )

        assert [response.status_code for response in responses] == [200, 200]
        song = client_of(owner).get(f"/api/songs/{pk}").json()
        assert [artist["id"] for artist in song["artists"]] in lists
