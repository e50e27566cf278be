"""The OpenAPI schema: valid, free of drf-spectacular warnings, requests apart from responses."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command


@pytest.fixture(scope="module")
def schema(tmp_path_factory) -> dict:
    """The schema the ``spectacular`` command writes, with validation and warnings fatal."""
    target = tmp_path_factory.mktemp("schema") / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    return yaml.safe_load(target.read_text())


def component(schema: dict, name: str) -> dict:
    return schema["components"]["schemas"][name]


def test_the_schema_generates_valid_and_without_warnings(schema):
    assert schema["openapi"].startswith("3.")


def test_the_schema_documents_every_endpoint(schema):
    paths = set(schema["paths"])

    assert {
        "/api/artists/",
        "/api/albums/",
        "/api/songs/",
        "/api/comments/",
        "/api/users/",
        "/api/users/me/",
        "/api/users/login/",
    } <= paths


def test_a_song_request_takes_artists_as_integer_ids(schema):
    artists = component(schema, "SongRequest")["properties"]["artists"]

    assert artists["type"] == "array"
    assert artists["items"] == {"type": "integer"}


def test_a_song_request_takes_the_album_as_an_integer_id(schema):
    album = component(schema, "SongRequest")["properties"]["album"]

    assert album["type"] == "integer"


def test_a_song_response_shows_artists_as_nested_objects(schema):
    items = component(schema, "Song")["properties"]["artists"]["items"]
    refs = [items.get("$ref")] + [part.get("$ref") for part in items.get("allOf", [])]
    ref = next(r for r in refs if r)
    nested = component(schema, ref.rsplit("/", 1)[-1])

    assert nested["type"] == "object"
    assert {"id", "name"} <= set(nested["properties"])


def test_a_public_profile_in_the_schema_has_no_email(schema):
    assert "email" not in component(schema, "PublicProfile")["properties"]


def test_a_password_is_write_only_in_the_schema(schema):
    assert "password" in component(schema, "RegistrationRequest")["properties"]
    assert "password" not in component(schema, "Profile")["properties"]


@pytest.mark.django_db
def test_the_schema_is_served_at_api_schema(api_client):
    response = api_client.get("/api/schema/")

    assert response.status_code == 200
    assert b"/api/songs/" in response.content


def test_deleting_my_account_documents_the_password_in_the_body(schema):
    body = schema["paths"]["/api/users/me/"]["delete"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"]

    assert "password" in component(schema, ref.rsplit("/", 1)[-1])["properties"]


def test_no_other_delete_documents_a_body(schema):
    bodies = [
        path
        for path, operations in schema["paths"].items()
        if "requestBody" in operations.get("delete", {})
    ]

    assert bodies == ["/api/users/me/"]
