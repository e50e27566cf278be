"""musiclib.E005 for the audio settings: sizes, the stream server, its prefixes, the storage."""

from __future__ import annotations

import pytest
from django.test import override_settings

from django_musiclib.checks import check_settings


def messages(errors) -> list[str]:
    return [f"{error.id} {error.msg}" for error in errors]


def test_the_audio_defaults_pass():
    assert check_settings() == []


@pytest.mark.parametrize("key", ["AUDIO_MAX_UPLOAD_SIZE", "COVER_MAX_SIZE"])
@pytest.mark.parametrize("value", [0, -1, "10MB", True])
def test_a_size_must_be_a_positive_whole_number(key, value):
    with override_settings(MUSICLIB={key: value}):
        assert messages(check_settings()) == [
            f"musiclib.E005 MUSICLIB[{key!r}] must be a positive whole number, not {value!r}."
        ]


@override_settings(MUSICLIB={"STREAM_SERVER": "nginx"})
def test_the_stream_server_must_be_a_choice():
    errors = check_settings()

    assert messages(errors) == ["musiclib.E005 MUSICLIB['STREAM_SERVER'] is 'nginx'."]
    assert "'x-accel-redirect'" in errors[0].hint


@pytest.mark.parametrize("key", ["STREAM_SERVER_PREFIX", "STREAM_SERVER_LIBRARY_PREFIX"])
def test_a_prefix_must_start_and_end_with_a_slash(key):
    with override_settings(MUSICLIB={key: "protected"}):
        assert [e.id for e in check_settings()] == ["musiclib.E005"]


@override_settings(MUSICLIB={"STORAGE": "music"})
def test_the_storage_must_be_in_storages():
    assert messages(check_settings()) == [
        "musiclib.E005 MUSICLIB['STORAGE'] is 'music', which is not a key of STORAGES."
    ]


def test_a_storage_of_storages_passes(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "music": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    with override_settings(MUSICLIB={"STORAGE": "music"}):
        assert check_settings() == []
