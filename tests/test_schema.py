"""The OpenAPI schema: valid, free of drf-spectacular warnings, requests apart from responses."""

from __future__ import annotations

import re

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


THROTTLED = {
    ("/api/users/login/", "post"),
    ("/api/users/", "post"),
    ("/api/users/me/password/", "post"),
    ("/api/comments/", "post"),
    ("/api/songs/{id}/like/", "post"),
    ("/api/songs/{id}/dislike/", "post"),
    ("/api/songs/{id}/reaction/", "delete"),
}


def test_the_throttled_operations_document_429_with_retry_after(schema):
    documented = {
        (path, method)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "429" in operation.get("responses", {})
    }

    assert documented == THROTTLED
    answer = schema["paths"]["/api/users/login/"]["post"]["responses"]["429"]
    assert answer["headers"]["Retry-After"]["schema"] == {"type": "integer"}


def test_every_operation_with_a_body_documents_413(schema):
    missing = [
        (path, method)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation and "413" not in operation["responses"]
    ]

    assert missing == []


def test_every_string_a_request_sends_has_a_maximum_length(schema):
    unbounded = [
        (name, prop)
        for name, component in schema["components"]["schemas"].items()
        if name.endswith("Request")
        for prop, field in component.get("properties", {}).items()
        if field.get("type") == "string"
        and "enum" not in field
        and field.get("format") not in ("date", "binary")
        and "maxLength" not in field
    ]

    assert unbounded == []


def test_the_search_parameters_have_a_maximum_length(schema):
    def parameter(path: str, name: str) -> dict:
        operation = schema["paths"][path]["get"]
        return next(p for p in operation["parameters"] if p["name"] == name)["schema"]

    assert parameter("/api/search/", "q")["maxLength"] == 200
    for path in ("/api/songs/", "/api/albums/", "/api/artists/"):
        assert parameter(path, "search")["maxLength"] == 200


def operation(schema: dict, path: str, method: str) -> dict:
    return schema["paths"][path][method]


def test_reading_the_catalog_is_documented_as_open_to_anyone(schema):
    for path in ("/api/artists/", "/api/songs/{id}/", "/api/songs/{id}/stream/", "/api/search/"):
        assert {} in operation(schema, path, "get")["security"], path


def test_changing_the_catalog_is_documented_as_needing_credentials(schema):
    for method in ("post", "put", "patch", "delete"):
        path = "/api/artists/" if method == "post" else "/api/artists/{id}/"
        assert {} not in operation(schema, path, method)["security"], method


def test_errors_are_documented_where_they_can_happen(schema):
    assert set(operation(schema, "/api/artists/{id}/", "patch")["responses"]) >= {
        "200",
        "400",
        "401",
        "403",
        "404",
        "413",
        "415",
    }
    assert "409" in operation(schema, "/api/artists/{id}/", "delete")["responses"]
    assert "400" in operation(schema, "/api/songs/", "get")["responses"]
    assert "404" not in operation(schema, "/api/songs/", "get")["responses"]


def test_a_validation_error_is_documented_as_messages_by_field(schema):
    response = operation(schema, "/api/artists/", "post")["responses"]["400"]
    ref = response["content"]["application/json"]["schema"]["$ref"]

    assert component(schema, ref.rsplit("/", 1)[-1])["type"] == "object"


def test_filters_document_the_bounds_they_check(schema):
    parameters = {
        p["name"]: p["schema"] for p in operation(schema, "/api/songs/", "get")["parameters"]
    }

    assert parameters["artist"]["type"] == "integer"
    assert parameters["artist"]["minimum"] == 1
    assert parameters["year_max"] == {"type": "integer", "minimum": 1, "maximum": 9999}
    assert parameters["search"]["maxLength"] == 200
    assert parameters["liked"] == {"type": "string", "enum": ["false", "true"]}


def test_a_catalog_search_answers_one_object(schema):
    response = operation(schema, "/api/search/", "get")["responses"]["200"]
    ref = response["content"]["application/json"]["schema"]["$ref"]

    assert set(component(schema, ref.rsplit("/", 1)[-1])["properties"]) == {
        "songs",
        "albums",
        "artists",
    }


def test_names_are_documented_without_control_characters(schema):
    pattern = re.compile(component(schema, "ArtistRequest")["properties"]["name"]["pattern"])

    assert pattern.match("Nina Simone")
    assert not pattern.match("Nina\nSimone")


def test_an_album_request_needs_at_least_one_artist(schema):
    assert component(schema, "AlbumRequest")["properties"]["artists"]["minItems"] == 1


def test_a_public_profile_is_documented_as_not_at_a_reserved_name(schema):
    [parameter] = operation(schema, "/api/users/{username}/", "get")["parameters"]

    assert "csrf" in parameter["schema"]["not"]["enum"]
