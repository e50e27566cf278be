"""The ``MUSICLIB`` settings object: defaults, overrides, imports, reloading in place."""

from __future__ import annotations

import pytest
from django.test import override_settings
from rest_framework.permissions import IsAdminUser

from django_musiclib.api.pagination import KeysetPagination
from django_musiclib.api.permissions import IsOwnerOrStaffOrReadOnly
from django_musiclib.conf import musiclib_settings
from tests.factories import ArtistFactory


@override_settings(MUSICLIB={})
def test_an_unset_key_has_its_default():
    assert musiclib_settings.PAGE_SIZE == 20
    assert musiclib_settings.COMMENTS_ON_ACCOUNT_DELETE == "anonymize"


def test_without_a_musiclib_setting_every_key_has_its_default(settings):
    del settings.MUSICLIB

    assert musiclib_settings.MAX_PAGE_SIZE == 100


@override_settings(MUSICLIB={"PAGE_SIZE": 7})
def test_a_musiclib_value_overrides_the_default():
    assert musiclib_settings.PAGE_SIZE == 7


@override_settings(MUSICLIB={"PAGE_SIZE": 7})
def test_a_musiclib_value_leaves_other_keys_at_their_defaults():
    assert musiclib_settings.MAX_PAGE_SIZE == 100


def test_override_settings_reloads_the_same_object_in_place():
    from django_musiclib import conf

    settings_object = conf.musiclib_settings
    before = settings_object.MAX_PAGE_SIZE  # read, so it is cached

    with override_settings(MUSICLIB={"MAX_PAGE_SIZE": 3}):
        assert conf.musiclib_settings is settings_object
        assert settings_object.MAX_PAGE_SIZE == 3

    after = settings_object.MAX_PAGE_SIZE
    assert after == before


def test_changing_another_setting_keeps_musiclib_values():
    with override_settings(MUSICLIB={"PAGE_SIZE": 9}):
        assert musiclib_settings.PAGE_SIZE == 9
        with override_settings(USE_TZ=True):
            assert musiclib_settings.PAGE_SIZE == 9


def test_an_import_string_is_imported():
    assert musiclib_settings.PAGINATION_CLASS is KeysetPagination


def test_a_list_of_import_strings_is_imported():
    classes = musiclib_settings.CATALOG_PERMISSION_CLASSES

    assert classes == [IsOwnerOrStaffOrReadOnly]


@override_settings(MUSICLIB={"REGISTRATION_PERMISSION_CLASSES": [IsAdminUser]})
def test_a_class_given_instead_of_an_import_string_is_used_as_is():
    classes = musiclib_settings.REGISTRATION_PERMISSION_CLASSES

    assert classes == [IsAdminUser]


@override_settings(MUSICLIB={"PROFILE_SERIALIZER": "no.such.module.Serializer"})
def test_a_bad_import_string_raises_an_import_error_naming_the_key():
    with pytest.raises(ImportError, match="PROFILE_SERIALIZER"):
        musiclib_settings.PROFILE_SERIALIZER  # noqa: B018


@override_settings(MUSICLIB={"LOGIN_PERMISSION_CLASSES": ["rest_framework.permissions.Nope"]})
def test_a_bad_import_string_in_a_list_raises_an_import_error_naming_the_key():
    with pytest.raises(ImportError, match="LOGIN_PERMISSION_CLASSES"):
        musiclib_settings.LOGIN_PERMISSION_CLASSES  # noqa: B018


def test_an_unknown_attribute_raises_attribute_error():
    with pytest.raises(AttributeError, match="NO_SUCH_KEY"):
        musiclib_settings.NO_SUCH_KEY  # noqa: B018


def test_an_unknown_attribute_is_not_there_for_getattr_with_a_default():
    assert getattr(musiclib_settings, "NO_SUCH_KEY", "fallback") == "fallback"


# What an API client sees


@pytest.mark.django_db
@override_settings(MUSICLIB={"PAGE_SIZE": 2, "MAX_PAGE_SIZE": 3})
def test_max_page_size_caps_the_page_size_a_client_asks_for(api_client):
    ArtistFactory.create_batch(5)

    response = api_client.get("/api/artists", {"page_size": 50})

    assert response.status_code == 200
    assert len(response.data["results"]) == 3


@pytest.mark.django_db
@override_settings(MUSICLIB={"PAGE_SIZE": 2})
def test_page_size_sets_the_length_of_a_page(api_client):
    ArtistFactory.create_batch(3)

    response = api_client.get("/api/artists")

    assert len(response.data["results"]) == 2


@pytest.mark.django_db
def test_catalog_permission_classes_can_close_the_catalog_to_anonymous_readers(api_client):
    ArtistFactory()
    assert api_client.get("/api/artists").status_code == 200

    with override_settings(
        MUSICLIB={"CATALOG_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"]}
    ):
        assert api_client.get("/api/artists").status_code in (401, 403)


@pytest.mark.django_db
@override_settings(MUSICLIB={"REGISTRATION_PERMISSION_CLASSES": [IsAdminUser]})
def test_registration_permission_classes_can_close_sign_up(api_client):
    response = api_client.post("/api/users", {"password": "irrelevant"}, format="json")

    assert response.status_code in (401, 403)


@pytest.mark.django_db
@override_settings(MUSICLIB={"PAGE_SIZE": 1})
def test_settings_changed_between_requests_apply_to_the_next_request(api_client):
    ArtistFactory.create_batch(2)
    assert len(api_client.get("/api/artists").data["results"]) == 1

    with override_settings(MUSICLIB={"PAGE_SIZE": 2}):
        assert len(api_client.get("/api/artists").data["results"]) == 2
