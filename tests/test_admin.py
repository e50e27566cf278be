"""The admin: each django-musiclib model's list page loads, searched, for a superuser."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client

from django_musiclib.accounts.services import profile_of
from tests.factories import (
    AlbumFactory,
    ArtistFactory,
    CommentFactory,
    SongFactory,
    UserFactory,
    react,
)

pytestmark = pytest.mark.django_db

MODELS = [
    "musiclib_accounts.profile",
    "musiclib_artists.artist",
    "musiclib_albums.album",
    "musiclib_songs.song",
    "musiclib_songs.reaction",
    "musiclib_comments.comment",
]


@pytest.fixture
def admin_client_() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def catalog() -> None:
    """A row of every model, each with an "x" to be found by ``?q=x``."""
    artist = ArtistFactory(name="Xenakis")
    AlbumFactory(title="Exile", artists=[artist])
    song = SongFactory(title="Exit Music", artists=[artist])
    CommentFactory(song=song, body="An excellent song")
    react(UserFactory(), song, 1)
    profile = profile_of(UserFactory())
    profile.display_name = "Rex"
    profile.save()


def test_every_registered_musiclib_model_is_covered_here():
    registered = {
        model._meta.label_lower
        for model in admin.site._registry
        if model._meta.app_label.startswith("musiclib_")
    }

    assert registered == set(MODELS)


@pytest.mark.parametrize("model", MODELS)
def test_the_changelist_loads_with_a_search(admin_client_, catalog, model):
    app_label, model_name = model.split(".")

    response = admin_client_.get(f"/admin/{app_label}/{model_name}/", {"q": "x"})

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("model", MODELS)
def test_the_changelist_is_closed_to_a_user_who_is_not_staff(model):
    client = Client()
    client.force_login(UserFactory())
    app_label, model_name = model.split(".")

    response = client.get(f"/admin/{app_label}/{model_name}/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
