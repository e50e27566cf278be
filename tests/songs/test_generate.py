"""``manage.py musiclib_generate``: a synthetic catalog with the sizes and shape asked for."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Q
from rest_framework.test import APIClient

from django_musiclib.albums.models import Album, AlbumArtist
from django_musiclib.artists.models import Artist
from django_musiclib.comments.models import Comment
from django_musiclib.songs.models import Reaction, Song, SongArtist
from tests.factories import SongFactory

pytestmark = pytest.mark.django_db


def generate(songs: int = 200, **options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("musiclib_generate", songs=songs, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def counts() -> dict[str, int]:
    return {
        "songs": Song.objects.count(),
        "artists": Artist.objects.count(),
        "albums": Album.objects.count(),
        "reactions": Reaction.objects.count(),
        "comments": Comment.objects.count(),
        "users": get_user_model().objects.count(),
    }


def titles(first_id: int = 0) -> list[str]:
    return list(
        Song.objects.filter(pk__gte=first_id).order_by("pk").values_list("title", flat=True)
    )


def test_the_sizes_follow_the_number_of_songs():
    generate(200)

    assert counts() == {
        "songs": 200,
        "artists": 5,
        "albums": 20,
        "reactions": 400,
        "comments": 40,
        "users": 5,
    }


def test_each_size_can_be_chosen():
    generate(120, artists=7, albums=9, reactions=50, comments=11, users=6)

    assert counts() == {
        "songs": 120,
        "artists": 7,
        "albums": 9,
        "reactions": 50,
        "comments": 11,
        "users": 6,
    }


def test_every_song_credits_one_or_two_artists_in_order():
    generate(200)

    credits = Song.objects.annotate(n=Count("credits")).values_list("n", flat=True)
    assert set(credits) <= {1, 2}
    assert 2 in set(credits)
    assert (
        not SongArtist.objects.filter(position=1)
        .exclude(song__in=SongArtist.objects.filter(position=0).values("song"))
        .exists()
    )
    assert not Album.objects.annotate(n=Count("credits")).filter(n=0).exists()
    assert AlbumArtist.objects.filter(position=0).count() == Album.objects.count()


def test_most_songs_are_on_albums_with_track_numbers_and_some_are_singles():
    generate(200)

    on_albums = Song.objects.filter(album__isnull=False)
    assert 0.7 * 200 <= on_albums.count() <= 0.95 * 200
    assert not on_albums.filter(
        Q(track_number__isnull=True) | Q(disc_number__isnull=True)
    ).exists()
    assert not Song.objects.filter(album__isnull=True, track_number__isnull=False).exists()
    tracks = on_albums.values("album", "disc_number", "track_number")
    assert tracks.annotate(n=Count("pk")).filter(n__gt=1).count() == 0
    assert not Song.objects.exclude(duration__range=(90, 600)).exists()


def test_titles_and_names_mix_scripts():
    generate(200)

    text = " ".join([*titles(), *Artist.objects.values_list("name", flat=True)])
    assert any(ord(ch) > 127 for ch in text)
    assert any(len(title.split()) > 1 for title in titles())


def test_like_and_dislike_counts_match_the_reactions():
    generate(200)

    songs = Song.objects.annotate(
        likes=Count("reactions", filter=Q(reactions__value=Reaction.Value.LIKE)),
        dislikes=Count("reactions", filter=Q(reactions__value=Reaction.Value.DISLIKE)),
    )
    assert songs.exclude(like_count=F("likes")).count() == 0
    assert songs.exclude(dislike_count=F("dislikes")).count() == 0
    likes = Reaction.objects.filter(value=Reaction.Value.LIKE).count()
    assert 0.6 <= likes / Reaction.objects.count() <= 0.95


def test_reactions_are_one_per_user_and_song_and_favour_popular_songs():
    generate(400)

    pairs = Reaction.objects.values("user", "song").distinct().count()
    assert pairs == Reaction.objects.count() == 800
    per_song = sorted(Song.objects.values_list("like_count", flat=True), reverse=True)
    top_tenth = sum(per_song[: len(per_song) // 10])
    assert top_tenth > 0.2 * sum(per_song)


def test_replies_are_on_their_parents_song():
    generate(200)

    replies = Comment.objects.filter(parent__isnull=False)
    assert replies.exists()
    assert not replies.exclude(song=F("parent__song")).exists()
    assert not replies.filter(created_at__lt=F("parent__created_at")).exists()


def test_created_at_is_spread_out_and_distinct():
    generate(200)

    stamps = list(Song.objects.values_list("created_at", flat=True))
    assert len(set(stamps)) == len(stamps)
    assert (max(stamps) - min(stamps)).days > 365


def test_users_cannot_sign_in_and_are_named_by_the_username_field():
    generate(200)

    user_model = get_user_model()
    users = list(user_model.objects.all())
    assert all(not user.has_usable_password() for user in users)
    assert all(user.password.startswith("!") for user in users)
    names = [getattr(user, user_model.USERNAME_FIELD) for user in users]
    assert all(names) and len(set(names)) == len(names)


def test_running_again_adds_more_after_the_existing_rows():
    SongFactory()
    before = counts()
    generate(200)
    generated = {name: n - before[name] for name, n in counts().items()}
    first_run = set(Song.objects.values_list("pk", flat=True))

    generate(200)

    assert counts() == {name: before[name] + 2 * generated[name] for name in before}
    second_run = set(Song.objects.values_list("pk", flat=True)) - first_run
    assert min(second_run) > max(first_run)
    # The id sequences moved past the written ids, so an ordinary insert still fits.
    assert SongFactory().pk > max(second_run)


def test_the_same_seed_gives_the_same_catalog_whatever_the_batch_size():
    generate(150, seed=7)
    first = titles()

    generate(150, seed=7, batch_size=13)
    again = titles(first_id=Song.objects.order_by("pk")[150].pk)
    generate(150, seed=8)
    other = titles(first_id=Song.objects.order_by("pk")[300].pk)

    assert again == first
    assert other != first


def test_progress_goes_to_stderr_and_a_summary_to_stdout():
    out, err = generate(200)

    assert "200/200" in err
    assert "song credits" in err
    assert "Added" in out and "200 songs" in out


def test_verbosity_zero_prints_nothing():
    out, err = generate(50, verbosity=0)

    assert out == err == ""


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"songs": 0}, "--songs must be at least 1"),
        ({"songs": 10, "reactions": 100, "users": 2}, "more than one per user and song"),
        ({"songs": 10, "users": 0}, "--users must be at least 1"),
        ({"songs": 10, "artists": 0}, "--artists must be at least 1"),
        ({"songs": 10, "batch_size": 0}, "--batch-size must be at least 1"),
    ],
)
def test_impossible_sizes_are_refused_with_a_reason(options, message):
    with pytest.raises(CommandError, match=message):
        call_command("musiclib_generate", stdout=StringIO(), stderr=StringIO(), **options)

    assert not Song.objects.exists()


# PostgreSQL: search vectors and triggers


def vector_mismatches(table: str, vector: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {table} WHERE search_vector IS DISTINCT FROM {vector}"
        )
        return cursor.fetchone()[0]


@pytest.mark.postgres
def test_search_vectors_are_filled_as_the_triggers_would():
    generate(200)

    assert not Song.objects.filter(search_vector__isnull=True).exists()
    assert not Album.objects.filter(search_vector__isnull=True).exists()
    assert not Artist.objects.filter(search_vector__isnull=True).exists()
    assert (
        vector_mismatches("musiclib_songs_song", "musiclib_song_vector(id, title, album_id)") == 0
    )
    assert vector_mismatches("musiclib_albums_album", "musiclib_album_vector(id, title)") == 0
    assert (
        vector_mismatches("musiclib_artists_artist", "to_tsvector('simple', unaccent(name))") == 0
    )


@pytest.mark.postgres
def test_the_triggers_are_on_again_afterwards():
    generate(200)

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM pg_trigger
            WHERE NOT tgisinternal AND tgenabled = 'D'
              AND tgrelid::regclass::text LIKE 'musiclib_%%'
            """
        )
        assert cursor.fetchone()[0] == 0
    credit = SongArtist.objects.select_related("artist").first()
    credit.artist.name = "Quetzalcoatlus"
    credit.artist.save()

    assert matches("musiclib_artists_artist", credit.artist_id, "quetzalcoatlus")
    assert matches("musiclib_songs_song", credit.song_id, "quetzalcoatlus")


def matches(table: str, pk: int, word: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT search_vector @@ to_tsquery('simple', %s) FROM {table} WHERE id = %s",
            [word, pk],
        )
        return cursor.fetchone()[0]


@pytest.mark.postgres
def test_generated_artists_are_found_by_a_misspelled_name():
    generate(songs=200)
    artist, word = next(
        (artist, word.lower())
        for artist in Artist.objects.order_by("pk")
        for word in artist.name.split()
        if word.isascii() and word.isalpha() and len(word) >= 7
    )
    typo = word[:-3] + word[-2] + word[-3] + word[-1]  # "beatles" -> "beatels"

    response = APIClient().get("/api/artists", {"search": typo})

    assert artist.name in [a["name"] for a in response.json()["results"]]
