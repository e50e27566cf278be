from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import connection
from rest_framework.test import APIClient

from tests.concurrency import client_of
from tests.factories import UserFactory


def pytest_collection_modifyitems(config, items):
    """Skip tests marked ``postgres`` when the suite runs on another database."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, so throttle counts never carry over."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def client_for():
    """``client_for(user)``: an API client signed in as ``user`` (anonymous for None)."""
    return client_of


@pytest.fixture
def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture
def moderator(db):
    """A user who may remove anyone's comment (``musiclib_comments.delete_comment``)."""
    moderator = UserFactory()
    permission = Permission.objects.get(
        content_type__app_label="musiclib_comments", codename="delete_comment"
    )
    moderator.user_permissions.add(permission)
    return moderator


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    """``MEDIA_ROOT`` in a temporary directory: stored audio and covers go with the test."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root
