from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

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

    def make(user) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


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
def assert_list_queries(django_assert_num_queries):
    """``assert_list_queries(client, url, expected)``: a list costs the same at any page size.

    Reads the first page at ``page_size=2`` and at ``page_size=20`` (so at least 20 rows
    must exist), asserts both ran the same number of queries, and that it is ``expected``.
    """

    def check(client: APIClient, url: str, expected: int) -> None:
        counts = []
        for size in (2, 20):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, {"page_size": size})
            assert response.status_code == 200
            assert len(response.data["results"]) == size
            counts.append(len(queries))
        assert counts[0] == counts[1], f"page_size=2 ran {counts[0]}, page_size=20 ran {counts[1]}"
        with django_assert_num_queries(expected):
            client.get(url, {"page_size": 20})

    return check
