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


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["artists", "albums", "songs", "comments"])
@pytest.mark.parametrize("value", ["0.5", "abc", "1e3"])
def test_an_id_that_is_not_a_number_gets_the_apis_json_404(api_client, name, value):
    response = api_client.get(f"/api/{name}/{value}/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/users/login/", "/api/artists/", "/api/users/me/", "/api/songs/1/like/"]
)
def test_a_method_an_endpoint_does_not_take_is_405_even_when_signed_out(api_client, url):
    response = api_client.generic("TRACE", url)

    assert response.status_code == 405
    assert "TRACE" in response.json()["detail"]
