"""What text may hold: no control characters, and a length the database keeps."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from django_musiclib.api.text import (
    first_control_character,
    one_line,
    several_lines,
    without_control_characters,
)
from django_musiclib.artists.models import Artist
from tests.factories import ArtistFactory, ProfileFactory


@pytest.mark.parametrize("text", ["Sinnerman", "Jóga", "日本語", "a · b", "👩‍🎤", ""])
def test_ordinary_text_passes_both_rules(text):
    one_line(text)
    several_lines(text)


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\r"])
def test_control_characters_are_refused_naming_the_code_point(character):
    for validator in (one_line, several_lines):
        with pytest.raises(ValidationError) as error:
            validator(f"before{character}after")

        assert f"U+{ord(character):04X}" in error.value.messages[0]


@pytest.mark.parametrize("text", ["one\ntwo", "a\tb", "windows\r\nline"])
def test_several_lines_take_line_feeds_tabs_and_crlf(text):
    several_lines(text)

    with pytest.raises(ValidationError):
        one_line(text)


@pytest.mark.parametrize("text", ["ends with\r", "\rstarts", "mac\rline"])
def test_a_carriage_return_not_before_a_line_feed_is_refused(text):
    assert first_control_character(text, multiline=True) == "\r"


def test_control_characters_from_files_become_spaces():
    assert without_control_characters("Title\x00Other\x1b") == "Title Other "


def musiclib_text_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("django_musiclib."):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                yield model, field


@pytest.mark.parametrize(
    ("model", "field"),
    list(musiclib_text_fields()),
    ids=lambda item: getattr(item, "__name__", getattr(item, "name", "")),
)
def test_every_text_field_has_a_maximum_length(model, field):
    assert field.max_length is not None


@pytest.mark.parametrize(
    ("model", "field"),
    [(m, f) for m, f in musiclib_text_fields() if isinstance(f, models.TextField)],
    ids=lambda item: getattr(item, "__name__", getattr(item, "name", "")),
)
def test_every_text_column_has_a_check_constraint_on_its_length(model, field):
    # A text column has no length of its own: a check constraint gives it one.
    names = {constraint.name for constraint in model._meta.constraints}

    assert f"musiclib_{model._meta.model_name}_{field.name}_length" in names


@pytest.mark.django_db
def test_the_database_refuses_an_artist_bio_over_its_length():
    artist = ArtistFactory()
    Artist.objects.filter(pk=artist.pk).update(bio="x" * 10_000)

    with pytest.raises(IntegrityError), transaction.atomic():
        Artist.objects.filter(pk=artist.pk).update(bio="x" * 10_001)


@pytest.mark.django_db
def test_the_database_refuses_a_profile_bio_over_its_length():
    profile = ProfileFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        type(profile).objects.filter(pk=profile.pk).update(bio="x" * 2001)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/artists", "name"),
        ("/api/albums", "title"),
        ("/api/albums", "genre"),
        ("/api/songs", "title"),
        ("/api/songs", "genre"),
    ],
)
@pytest.mark.parametrize("text", ["two\nlines", "a\ttab", "bell\x07", "x" * 201])
def test_a_name_or_title_on_two_lines_with_control_characters_or_too_long_is_400(
    client_for, user, path, field, text
):
    artist = ArtistFactory()
    body = {"name": "N", "title": "T", "artists": [artist.pk], field: text}

    response = client_for(user).post(path, body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.django_db
def test_an_artist_bio_keeps_its_lines(client_for, user):
    bio = "Born in Tryon.\r\nPianist.\n\tSinger."

    response = client_for(user).post("/api/artists", {"name": "Nina", "bio": bio}, format="json")

    assert response.status_code == 201
    assert Artist.objects.get().bio == bio
