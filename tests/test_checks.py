"""System checks: each problem a host can make has its id and a message naming the fix."""

from __future__ import annotations

import os
import subprocess
import sys
from unittest import mock

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings

from django_musiclib.checks import (
    check_app_dependencies,
    check_schema_settings,
    check_settings,
)


def installed_without(*names: str) -> list[str]:
    """The test project's ``INSTALLED_APPS`` without ``names``."""
    missing = [name for name in names if name not in settings.INSTALLED_APPS]
    assert not missing, f"not installed to begin with: {missing}"
    return [app for app in settings.INSTALLED_APPS if app not in names]


def ids(messages) -> list[str]:
    return [message.id for message in messages]


def test_the_test_settings_pass_every_check():
    call_command("check", fail_level="WARNING")


def test_the_test_settings_give_no_musiclib_message():
    assert check_app_dependencies() + check_settings() + check_schema_settings() == []


# musiclib.E001: a django-musiclib app without an app it needs stops the apps loading


def load_models_without(app_label: str, missing: str) -> ImproperlyConfigured:
    """Load ``app_label``'s models as if ``missing`` were not installed; return the error."""
    config = apps.get_app_config(app_label)
    with (
        mock.patch.object(apps, "is_installed", lambda name: name != missing),
        pytest.raises(ImproperlyConfigured, match=r"musiclib\.E001") as raised,
    ):
        config.import_models()
    return raised.value


def test_albums_without_artists_stops_with_e001_naming_the_missing_app():
    error = load_models_without("musiclib_albums", "django_musiclib.artists")

    assert "'django_musiclib.albums' needs 'django_musiclib.artists'" in str(error)
    assert "Add 'django_musiclib.artists' to INSTALLED_APPS" in str(error)


def test_comments_without_songs_stops_with_e001():
    error = load_models_without("musiclib_comments", "django_musiclib.songs")

    assert "'django_musiclib.comments' needs 'django_musiclib.songs'" in str(error)


def test_songs_without_albums_stops_with_e001():
    error = load_models_without("musiclib_songs", "django_musiclib.albums")

    assert "'django_musiclib.albums'" in str(error)


def test_accounts_alone_needs_no_other_musiclib_app():
    catalog = [f"django_musiclib.{name}" for name in ("artists", "albums", "songs", "comments")]

    with override_settings(INSTALLED_APPS=installed_without(*catalog)):
        errors = check_app_dependencies()

    assert errors == []


def test_the_catalog_without_comments_needs_nothing_more():
    with override_settings(INSTALLED_APPS=installed_without("django_musiclib.comments")):
        errors = check_app_dependencies()

    assert errors == []


# musiclib.E002: a third-party app is missing


def test_missing_django_filter_is_e002_naming_the_distribution():
    with override_settings(INSTALLED_APPS=installed_without("django_filters")):
        errors = check_app_dependencies()

    assert ids(errors) == ["musiclib.E002"]
    assert "django-filter" in errors[0].msg
    assert "'django_filters'" in errors[0].hint


def test_missing_rest_framework_is_e002():
    with override_settings(INSTALLED_APPS=installed_without("rest_framework")):
        errors = check_app_dependencies()

    assert ids(errors) == ["musiclib.E002"]
    assert "djangorestframework" in errors[0].msg


def test_accounts_without_knox_is_e002():
    with override_settings(INSTALLED_APPS=installed_without("knox")):
        errors = check_app_dependencies()

    assert ids(errors) == ["musiclib.E002"]
    assert "django-rest-knox" in errors[0].msg


def test_the_catalog_without_knox_is_e002_while_a_knox_class_authenticates():
    with override_settings(INSTALLED_APPS=installed_without("knox", "django_musiclib.accounts")):
        errors = check_app_dependencies()

    assert ids(errors) == ["musiclib.E002"]
    assert "'knox'" in errors[0].msg
    assert "AUTHENTICATION_CLASSES" in errors[0].hint


@override_settings(
    MUSICLIB={"AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"]}
)
def test_the_catalog_without_accounts_and_knox_authentication_does_not_need_knox():
    with override_settings(INSTALLED_APPS=installed_without("knox", "django_musiclib.accounts")):
        errors = check_app_dependencies()

    assert errors == []


@override_settings(MUSICLIB={"RESERVED_USERNAMES": "me"})
def test_reserved_usernames_as_a_string_is_e005():
    errors = check_settings()

    assert ids(errors) == ["musiclib.E005"]
    assert "RESERVED_USERNAMES" in errors[0].msg


# musiclib.E003: an unknown MUSICLIB key


@override_settings(MUSICLIB={"PAGE_SIZ": 10})
def test_an_unknown_musiclib_key_is_e003_naming_it():
    errors = check_settings()

    assert ids(errors) == ["musiclib.E003"]
    assert "'PAGE_SIZ'" in errors[0].msg


# musiclib.E004: an import string that cannot be imported


@override_settings(MUSICLIB={"ARTIST_SERIALIZER": "django_musiclib.artists.serializers.Nope"})
def test_an_import_string_that_cannot_be_imported_is_e004_naming_the_key():
    errors = check_settings()

    assert ids(errors) == ["musiclib.E004"]
    assert "ARTIST_SERIALIZER" in errors[0].msg


@override_settings(MUSICLIB={"CATALOG_PERMISSION_CLASSES": ["no_such_module.Permission"]})
def test_a_bad_import_string_in_a_list_is_e004():
    errors = check_settings()

    assert ids(errors) == ["musiclib.E004"]
    assert "CATALOG_PERMISSION_CLASSES" in errors[0].msg


@override_settings(
    MUSICLIB={"ARTIST_SERIALIZER": "django_musiclib.artists.serializers.ArtistSerializer"}
)
def test_a_good_import_string_passes():
    assert check_settings() == []


# musiclib.E005: values out of range or not a choice


@override_settings(MUSICLIB={"PAGE_SIZE": 50, "MAX_PAGE_SIZE": 10})
def test_a_page_size_above_the_max_page_size_is_e005():
    errors = check_settings()

    assert ids(errors) == ["musiclib.E005"]
    assert "PAGE_SIZE" in errors[0].msg
    assert "MAX_PAGE_SIZE" in errors[0].msg


@override_settings(MUSICLIB={"PAGE_SIZE": 101})
def test_a_page_size_above_the_default_max_page_size_is_e005():
    assert ids(check_settings()) == ["musiclib.E005"]


@pytest.mark.parametrize("value", [0, -5, "20", 2.5, True, None])
def test_a_page_size_that_is_not_a_positive_whole_number_is_e005(value):
    with override_settings(MUSICLIB={"PAGE_SIZE": value}):
        errors = check_settings()

    assert ids(errors) == ["musiclib.E005"]
    assert repr(value) in errors[0].msg


@pytest.mark.parametrize("key", ["MAX_PAGE_SIZE", "COMMENT_MAX_LENGTH", "MAX_REQUEST_BODY_SIZE"])
def test_a_zero_limit_is_e005(key):
    with override_settings(MUSICLIB={key: 0}):
        errors = check_settings()

    assert ids(errors) == ["musiclib.E005"]
    assert key in errors[0].msg


def test_a_comment_max_length_the_database_cannot_hold_is_e005():
    with override_settings(MUSICLIB={"COMMENT_MAX_LENGTH": 10_000}):
        assert check_settings() == []
    with override_settings(MUSICLIB={"COMMENT_MAX_LENGTH": 10_001}):
        errors = check_settings()

    assert ids(errors) == ["musiclib.E005"]
    assert "10000" in errors[0].msg


@pytest.mark.parametrize("rate", ["10/minute", "1/s", "5/hour", "100/day", None])
def test_a_throttle_rate_or_none_passes(rate):
    with override_settings(MUSICLIB={"THROTTLE_RATES": {"login": rate, "my_scope": rate}}):
        assert check_settings() == []


@pytest.mark.parametrize("rate", ["10", "ten/minute", "0/minute", "10/month", 10, ""])
def test_a_throttle_rate_drf_cannot_read_is_e005_naming_the_scope(rate):
    with override_settings(MUSICLIB={"THROTTLE_RATES": {"login": rate}}):
        errors = check_settings()

    assert ids(errors) == ["musiclib.E005"]
    assert "'login'" in errors[0].msg


@override_settings(MUSICLIB={"THROTTLE_RATES": ["10/minute"]})
def test_throttle_rates_that_are_not_a_dict_are_e005():
    assert ids(check_settings()) == ["musiclib.E005"]


@override_settings(MUSICLIB={"COMMENTS_ON_ACCOUNT_DELETE": "keep"})
def test_an_unknown_comments_on_account_delete_choice_is_e005_listing_the_choices():
    errors = check_settings()

    assert ids(errors) == ["musiclib.E005"]
    assert "'keep'" in errors[0].msg
    assert "'anonymize'" in errors[0].hint
    assert "'delete'" in errors[0].hint


@override_settings(MUSICLIB=[("PAGE_SIZE", 10)])
def test_a_musiclib_setting_that_is_not_a_dict_is_e005():
    assert ids(check_settings()) == ["musiclib.E005"]


# musiclib.W001: requests and responses share one schema component


def test_spectacular_settings_without_component_split_request_is_w001():
    spectacular = {
        key: value
        for key, value in settings.SPECTACULAR_SETTINGS.items()
        if key != "COMPONENT_SPLIT_REQUEST"
    }

    with override_settings(SPECTACULAR_SETTINGS=spectacular):
        warnings = check_schema_settings()

    assert ids(warnings) == ["musiclib.W001"]
    assert "COMPONENT_SPLIT_REQUEST" in warnings[0].hint


def test_without_drf_spectacular_installed_there_is_no_w001():
    with override_settings(
        INSTALLED_APPS=installed_without("drf_spectacular"), SPECTACULAR_SETTINGS={}
    ):
        warnings = check_schema_settings()

    assert warnings == []


def test_manage_py_check_reports_e002_for_a_project_without_knox():
    result = subprocess.run(
        [sys.executable, "-m", "django", "check"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings_without_knox"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1, result.stderr
    assert "musiclib.E002" in result.stderr
    assert "'knox'" in result.stderr
