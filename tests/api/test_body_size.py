"""Request bodies over MUSICLIB["MAX_REQUEST_BODY_SIZE"] get 413, however they are sent."""

from __future__ import annotations

import asyncio
import json

import pytest
from asgiref.sync import async_to_sync
from django.core.handlers.asgi import ASGIHandler
from django.test import override_settings

from django_musiclib.artists.models import Artist
from django_musiclib.comments.models import Comment
from tests.factories import SongFactory, token_for

pytestmark = pytest.mark.django_db

SMALL = {"MAX_REQUEST_BODY_SIZE": 1000}


def padded(data: dict, size: int) -> bytes:
    """``data`` as JSON, padded with blanks to ``size`` bytes: valid however long."""
    text = json.dumps(data).encode()
    return text + b" " * (size - len(text))


def test_the_default_limit_is_one_mebibyte(client_for, user):
    body = padded({"name": "Nina Simone"}, 1024 * 1024 + 1)

    response = client_for(user).post("/api/artists", body, content_type="application/json")

    assert response.status_code == 413
    assert not Artist.objects.exists()


def test_a_body_at_the_limit_is_accepted(client_for, user):
    body = padded({"name": "Nina Simone"}, 1000)

    with override_settings(MUSICLIB=SMALL):
        response = client_for(user).post("/api/artists", body, content_type="application/json")

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/artists"),
        ("post", "/api/comments"),
        ("post", "/api/users"),
        ("post", "/api/users/login"),
        ("patch", "/api/users/me"),
    ],
)
def test_a_body_over_the_limit_gets_413_saying_how_large_it_may_be(client_for, user, method, path):
    body = padded({"name": "Nina Simone"}, 1001)

    with override_settings(MUSICLIB=SMALL):
        response = getattr(client_for(user), method)(path, body, content_type="application/json")

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "The request is 1001 bytes; the most accepted here is 1000 bytes."
    }


def test_a_form_body_over_the_limit_gets_413_too(client_for, user):
    with override_settings(MUSICLIB=SMALL):
        response = client_for(user).post("/api/artists", {"name": "N", "bio": "x" * 2000})

    assert response.status_code == 413
    assert not Artist.objects.exists()


def test_a_body_without_a_length_is_not_read(client_for, user):
    # Without a Content-Length the body is not read at all (a WSGI server passes none).
    song = SongFactory()
    body = padded({"song": song.pk, "body": "Hello"}, 10_000)

    with override_settings(MUSICLIB=SMALL):
        response = client_for(user).post(
            "/api/comments", body, content_type="application/json", CONTENT_LENGTH=""
        )

    assert response.status_code == 400
    assert not Comment.objects.exists()


def asgi_post(path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    """POST ``body`` through Django's ASGI handler, with exactly ``headers``."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    sent: list[dict] = []
    messages = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict:
        if messages:
            return messages.pop()
        await asyncio.Future()  # the client stays connected until the answer is sent
        raise AssertionError("unreachable")

    async def send(message: dict) -> None:
        sent.append(message)

    async_to_sync(ASGIHandler())(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


@pytest.mark.django_db(transaction=True)
def test_a_body_longer_than_its_content_length_gets_413_and_stores_nothing(user):
    # An ASGI server hands over the whole body, whatever Content-Length said.
    song = SongFactory()
    body = padded({"song": song.pk, "body": "Hello"}, 10_000)
    headers = {
        "Content-Type": "application/json",
        "Content-Length": "100",
        "Authorization": f"Token {token_for(user)}",
    }

    with override_settings(MUSICLIB=SMALL):
        status, content = asgi_post("/api/comments", body, headers)

    assert status == 413, content
    assert b"larger than 1000 bytes" in content
    assert not Comment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_body_within_the_limit_passes_through_asgi(user):
    song = SongFactory()
    body = padded({"song": song.pk, "body": "Hello"}, 900)
    headers = {
        "Content-Type": "application/json",
        "Content-Length": str(len(body)),
        "Authorization": f"Token {token_for(user)}",
    }

    with override_settings(MUSICLIB=SMALL):
        status, content = asgi_post("/api/comments", body, headers)

    assert status == 201, content
    assert Comment.objects.get().body == "Hello"


def test_json_nested_deeper_than_python_parses_gets_400(client_for, user):
    response = client_for(user).post("/api/artists", b"[" * 5000, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": "JSON parse error - the document is nested too deeply."}


def test_a_content_length_that_is_not_a_number_is_no_body(client_for, user):
    response = client_for(user).generic(
        "POST", "/api/artists", b"", content_type="application/json", CONTENT_LENGTH="\u00b2"
    )

    assert response.status_code == 400
