"""factory_boy factories for every model; tests never depend on database ids."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from django_musiclib.accounts.models import Profile
from django_musiclib.albums.models import Album, AlbumArtist
from django_musiclib.artists.models import Artist
from django_musiclib.comments.models import Comment
from django_musiclib.songs.models import Reaction, Song, SongArtist

PASSWORD = "a-long-and-unusual-password"


class UserFactory(factory.django.DjangoModelFactory):
    """A user of whatever ``AUTH_USER_MODEL`` is, with the password ``PASSWORD``."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        field = model_class.USERNAME_FIELD
        if field not in kwargs:
            n = cls._setup_next_sequence() + UserFactory._counter
            UserFactory._counter += 1
            kwargs[field] = f"user{n}@example.com" if field == "email" else f"user{n}"
        user = super()._create(model_class, *args, **kwargs)
        user.save()
        return user

    _counter = 0


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Listener {n}")


class ArtistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Artist

    name = factory.Sequence(lambda n: f"Artist {n}")
    created_by = factory.SubFactory(UserFactory)


class AlbumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Album
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Album {n}")
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def artists(self, create, extracted, **kwargs):
        if not create:
            return
        for position, artist in enumerate(extracted or [ArtistFactory()]):
            AlbumArtist.objects.create(album=self, artist=artist, position=position)


class SongFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Song
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Song {n}")
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def artists(self, create, extracted, **kwargs):
        if not create:
            return
        for position, artist in enumerate(extracted or [ArtistFactory()]):
            SongArtist.objects.create(song=self, artist=artist, position=position)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    song = factory.SubFactory(SongFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Comment number {n}")


def react(user, song, value):
    """Record a reaction the way the API does, counters included."""
    from django_musiclib.songs import services

    return services.react(user, song, value)


__all__ = [
    "PASSWORD",
    "AlbumFactory",
    "ArtistFactory",
    "CommentFactory",
    "ProfileFactory",
    "Reaction",
    "SongFactory",
    "UserFactory",
    "react",
]
