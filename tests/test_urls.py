"""``django_musiclib.urls`` mounts the API of each installed app, and an API root."""

from __future__ import annotations

from types import ModuleType

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import include, path

from django_musiclib.urls import build_router

CATALOG = [f"django_musiclib.{name}" for name in ("artists", "albums", "songs", "comments")]


def installed_without(*names: str) -> list[str]:
    return [app for app in settings.INSTALLED_APPS if app not in names]


def prefixes() -> set[str]:
    return {prefix for prefix, _viewset, _basename in build_router().registry}


def test_every_installed_app_is_mounted():
    assert prefixes() == {"artists", "albums", "songs", "search", "comments", "users"}


def test_apps_that_are_not_installed_are_not_mounted():
    without = installed_without("django_musiclib.songs", "django_musiclib.comments")

    with override_settings(INSTALLED_APPS=without):
        mounted = prefixes()

    assert mounted == {"artists", "albums", "users"}


def test_accounts_alone_mounts_only_users():
    with override_settings(INSTALLED_APPS=installed_without(*CATALOG)):
        mounted = prefixes()

    assert mounted == {"users"}


def test_the_catalog_without_accounts_mounts_no_users():
    with override_settings(INSTALLED_APPS=installed_without("django_musiclib.accounts")):
        mounted = prefixes()

    assert mounted == {"artists", "albums", "songs", "search", "comments"}


@pytest.mark.django_db
def test_the_api_root_lists_every_installed_endpoint(api_client):
    response = api_client.get("/api/")

    assert response.status_code == 200
    assert list(response.json()) == ["artists", "albums", "songs", "search", "comments", "users"]


@pytest.mark.django_db
def test_the_api_root_lists_only_the_apps_that_are_installed(api_client):
    with override_settings(INSTALLED_APPS=installed_without(*CATALOG)):
        router = build_router()
    urlconf = ModuleType("accounts_only_urls")
    urlconf.urlpatterns = [path("api/", include((router.urls, "musiclib")))]

    with override_settings(ROOT_URLCONF=urlconf):
        response = api_client.get("/api/")

    assert response.status_code == 200
    assert list(response.json()) == ["users"]


@pytest.mark.django_db
def test_the_api_root_links_to_each_endpoint(api_client):
    links = api_client.get("/api/").json()

    for name, url in links.items():
        assert url == f"http://testserver/api/{name}"
        assert api_client.get(url).status_code != 404, url


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["artists", "albums", "songs", "comments"])
@pytest.mark.parametrize("slash", ["", "/"])
def test_each_list_answers_with_and_without_a_trailing_slash(api_client, name, slash):
    response = api_client.get(f"/api/{name}{slash}")

    assert response.status_code == 200
