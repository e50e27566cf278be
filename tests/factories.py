"""factory_boy factories for every model; tests never depend on database ids."""

from __future__ import annotations

import itertools

import factory
from django.contrib.auth import get_user_model

from django_musiclib.accounts.models import Profile
from django_musiclib.albums.models import Album, AlbumArtist
from django_musiclib.artists.models import Artist
from django_musiclib.comments.models import Comment
from django_musiclib.songs.models import Reaction, Song, SongArtist

PASSWORD = "a-long-and-unusual-password"
_user_numbers = itertools.count()


class UserFactory(factory.django.DjangoModelFactory):
    """A user of whatever ``AUTH_USER_MODEL`` is, with the password ``PASSWORD``."""

    class Meta:
        model = get_user_model()

    password = PASSWORD

    @classmethod
    def _create(cls, model_class, *args, password: str = PASSWORD, **kwargs):
        field = model_class.USERNAME_FIELD
        if field not in kwargs:
            n = next(_user_numbers)
            kwargs[field] = f"user{n}@example.com" if field == "email" else f"user{n}"
        # The password is hashed before the one save, so the stored user can log in.
        user = model_class(*args, **kwargs)
        user.set_password(password)
        user.save()
        return user


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


def username_of(user) -> str:
    """The value ``user`` signs in with: a username, or an email address."""
    return getattr(user, user.USERNAME_FIELD)


def identity(name: str) -> dict[str, str]:
    """A new user's sign-in name under the ``USERNAME_FIELD`` of the user model.

    ``identity("ada")`` is ``{"username": "ada"}``, or ``{"email": "ada@example.com"}``
    for a user model that signs in by email.
    """
    field = get_user_model().USERNAME_FIELD
    return {field: f"{name}@example.com" if field == "email" else name}


def login_payload(user, password: str = PASSWORD) -> dict[str, str]:
    """The body of ``POST /api/users/login`` for ``user``."""
    return {user.USERNAME_FIELD: username_of(user), "password": password}


def token_for(user) -> str:
    """A new API token of ``user``, issued the way logging in issues it."""
    from django_musiclib.accounts import services

    return services.issue_token(user)[1]


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
    "identity",
    "login_payload",
    "react",
    "token_for",
    "username_of",
]
