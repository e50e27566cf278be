"""``GET /api/users/me/export``: everything the installed apps hold about the signed-in user."""

from __future__ import annotations

import json

import jsonschema
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator
from knox.models import get_token_model
from rest_framework import serializers
from rest_framework.test import APIClient

from django_musiclib.accounts.services import profile_of
from django_musiclib.api.user_data import (
    UserDataSection,
    register_user_data,
    unregister_user_data,
)
from django_musiclib.songs.models import Reaction
from tests.factories import (
    PASSWORD,
    AlbumFactory,
    ArtistFactory,
    CommentFactory,
    SongFactory,
    UserFactory,
    identity,
    react,
    token_for,
    username_of,
)

pytestmark = pytest.mark.django_db

EXPORT = "/api/users/me/export"
SIGNS_IN_BY_EMAIL = get_user_model().USERNAME_FIELD == "email"
CATALOG_SECTIONS = ["created_artists", "created_albums", "created_songs"]


def export_of(user) -> dict:
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(EXPORT)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def installed_without(*names: str) -> list[str]:
    return [app for app in settings.INSTALLED_APPS if app not in names]


@pytest.mark.parametrize("path", [EXPORT, f"{EXPORT}/"])
def test_export_needs_credentials(api_client, path):
    assert api_client.get(path).status_code == 401


@pytest.mark.parametrize("path", [EXPORT, f"{EXPORT}/"])
def test_export_answers_with_and_without_a_slash(client_for, user, path):
    response = client_for(user).get(path)

    assert response.status_code == 200
    assert response.json()["account"]["id"] == user.pk


def test_export_is_an_attachment_named_after_the_user(client_for, user):
    response = client_for(user).get(EXPORT)

    name = user.pk if SIGNS_IN_BY_EMAIL else username_of(user)
    assert response["Content-Disposition"] == (
        f'attachment; filename="musiclib-export-{name}.json"'
    )
    assert response["Content-Type"] == "application/json"


def test_export_never_puts_an_email_address_in_the_file_name(client_for):
    user = UserFactory(**identity("ada"))

    response = client_for(user).get(EXPORT)

    assert "@" not in response["Content-Disposition"]


def test_export_is_never_kept_in_a_cache(client_for, user):
    response = client_for(user).get(EXPORT)

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_export_is_json_even_when_a_browser_asks_for_html(client_for, user):
    response = client_for(user).get(EXPORT, HTTP_ACCEPT="text/html,*/*;q=0.8")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["account"]["id"] == user.pk


def test_export_holds_the_account_and_never_the_password(client_for):
    user = UserFactory(**{**identity("ada"), "email": "ada@example.com"})

    response = client_for(user).get(EXPORT)

    account = response.json()["account"]
    assert account["id"] == user.pk
    assert account["email"] == "ada@example.com"
    assert account[user.USERNAME_FIELD] == username_of(user)
    assert "password" not in account
    assert user.password not in response.content.decode()


def test_export_holds_the_profile(client_for, user):
    client = client_for(user)
    client.patch("/api/users/me", {"display_name": "Ada", "bio": "Counts notes."}, format="json")

    profile = client.get(EXPORT).json()["profile"]

    assert (profile["display_name"], profile["bio"]) == ("Ada", "Counts notes.")
    assert profile["created_at"]


def test_export_lists_tokens_by_prefix_and_never_the_token_or_its_digest(user):
    token = token_for(user)
    stored = get_token_model().objects.get(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = client.get(EXPORT)

    assert response.status_code == 200
    [listed] = response.json()["tokens"]
    assert token.startswith(listed["key_prefix"])
    assert len(listed["key_prefix"]) < len(token)
    assert listed["created"] and listed["expiry"]
    body = response.content.decode()
    assert token not in body
    assert stored.digest not in body


def test_export_lists_the_users_comments_with_their_song(user):
    song = SongFactory(title="Blue in Green")
    first = CommentFactory(author=user, song=song, body="Lovely.")
    reply = CommentFactory(author=user, song=song, body="Still lovely.", parent=first)

    comments = export_of(user)["comments"]

    assert comments == [
        {
            "id": first.pk,
            "song": {"id": song.pk, "title": "Blue in Green"},
            "parent": None,
            "body": "Lovely.",
            "created_at": comments[0]["created_at"],
            "updated_at": comments[0]["updated_at"],
            "edited_at": None,
        },
        {
            "id": reply.pk,
            "song": {"id": song.pk, "title": "Blue in Green"},
            "parent": first.pk,
            "body": "Still lovely.",
            "created_at": comments[1]["created_at"],
            "updated_at": comments[1]["updated_at"],
            "edited_at": None,
        },
    ]


def test_export_lists_likes_and_dislikes_with_their_song(user):
    liked, disliked = SongFactory(title="So What"), SongFactory(title="Freddie Freeloader")
    react(user, liked, Reaction.Value.LIKE)
    react(user, disliked, Reaction.Value.DISLIKE)

    reactions = export_of(user)["reactions"]

    assert [(r["song"], r["value"]) for r in reactions] == [
        ({"id": liked.pk, "title": "So What"}, "like"),
        ({"id": disliked.pk, "title": "Freddie Freeloader"}, "dislike"),
    ]
    assert all(r["created_at"] and r["updated_at"] for r in reactions)


def test_export_lists_the_catalog_entries_the_user_created(user):
    artist = ArtistFactory(name="Miles Davis", created_by=user)
    album = AlbumFactory(title="Kind of Blue", created_by=user, artists=[artist])
    song = SongFactory(title="So What", created_by=user, artists=[artist])

    data = export_of(user)

    assert [(a["id"], a["name"]) for a in data["created_artists"]] == [(artist.pk, "Miles Davis")]
    assert [(a["id"], a["title"]) for a in data["created_albums"]] == [(album.pk, "Kind of Blue")]
    assert [(s["id"], s["title"]) for s in data["created_songs"]] == [(song.pk, "So What")]
    assert all(row["created_at"] for name in CATALOG_SECTIONS for row in data[name])


def test_export_shows_nothing_of_other_users(user, other_user):
    song = SongFactory(created_by=other_user)
    ArtistFactory(created_by=other_user)
    AlbumFactory(created_by=other_user)
    CommentFactory(author=other_user, song=song)
    react(other_user, song, Reaction.Value.LIKE)
    token_for(other_user)

    data = export_of(user)

    assert data["account"]["id"] == user.pk
    for name in ["tokens", "comments", "reactions", *CATALOG_SECTIONS]:
        assert data[name] == [], name


def test_export_of_a_new_user_has_every_section(user):
    data = export_of(user)

    assert list(data) == [
        "exported_at",
        "account",
        "profile",
        "tokens",
        *CATALOG_SECTIONS,
        "reactions",
        "comments",
    ]


def test_export_has_no_comments_section_without_the_comments_app(user):
    with override_settings(INSTALLED_APPS=installed_without("django_musiclib.comments")):
        data = export_of(user)

    assert "comments" not in data
    assert "reactions" in data


def test_export_of_accounts_alone_has_only_the_account_sections(user):
    catalog = [f"django_musiclib.{name}" for name in ("artists", "albums", "songs", "comments")]

    with override_settings(INSTALLED_APPS=installed_without(*catalog)):
        data = export_of(user)

    assert list(data) == ["exported_at", "account", "profile", "tokens"]


class Playlist(serializers.Serializer):
    name = serializers.CharField()


@pytest.fixture
def playlists_section():
    register_user_data(
        UserDataSection("playlists", Playlist, lambda user: [{"name": f"Mix of {user.pk}"}])
    )
    yield
    unregister_user_data("playlists")


def test_a_project_can_add_its_own_section_to_the_export(user, playlists_section):
    assert export_of(user)["playlists"] == [{"name": f"Mix of {user.pk}"}]


def fill(user, rows: int) -> None:
    """``rows`` of everything the export shows, for ``user``, who has a profile."""
    profile_of(user)
    for n in range(rows):
        artist = ArtistFactory(created_by=user)
        AlbumFactory(created_by=user, artists=[artist])
        song = SongFactory(created_by=user, artists=[artist])
        comment = CommentFactory(author=user, song=song)
        CommentFactory(author=user, song=song, parent=comment)
        react(user, song, Reaction.Value.LIKE if n % 2 else Reaction.Value.DISLIKE)
        token_for(user)


def export_queries(user) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(EXPORT)
    assert response.status_code == 200
    return len(queries)


@override_settings(REST_KNOX={"TOKEN_LIMIT_PER_USER": None})
def test_export_costs_the_same_queries_for_one_row_or_many(user, other_user):
    fill(user, 1)
    fill(other_user, 12)

    few, many = export_queries(user), export_queries(other_user)

    # Two to authenticate the token, then one for each section but the account.
    assert few == many == 9


# The schema


def json_schema(node, components: dict, *, closed: bool = False):
    """An OpenAPI 3.0 schema as JSON Schema: references resolved, ``nullable`` spelled out.

    ``closed``: objects allow no key that the schema does not name.
    """
    if isinstance(node, list):
        return [json_schema(item, components, closed=closed) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return json_schema(components[node["$ref"].rsplit("/", 1)[1]], components, closed=closed)
    converted = {key: json_schema(value, components, closed=closed) for key, value in node.items()}
    if closed and "properties" in converted:
        converted["additionalProperties"] = False
    if converted.pop("nullable", False):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def export_response_schema(*, closed: bool = False) -> dict:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/users/me/export/"]["get"]
    response = operation["responses"]["200"]["content"]["application/json"]["schema"]
    return json_schema(response, schema["components"]["schemas"], closed=closed)


@pytest.fixture
def export_schema() -> dict:
    return export_response_schema()


def test_export_matches_its_openapi_schema_which_names_and_requires_every_key(export_schema, user):
    user.last_login = None
    user.save()
    song = SongFactory(created_by=user)
    CommentFactory(author=user, song=song, parent=CommentFactory(author=user, song=song))
    react(user, song, Reaction.Value.LIKE)
    token_for(user)

    data = export_of(user)

    jsonschema.validate(
        data, export_response_schema(closed=True), format_checker=jsonschema.FormatChecker()
    )
    assert set(export_schema["required"]) == set(data)


def test_export_schema_says_which_values_may_be_null(export_schema):
    def nullable(section: str, field: str) -> bool:
        node = export_schema["properties"][section]
        node = node.get("items") or node["allOf"][0]
        return "anyOf" in node["properties"][field]

    assert nullable("tokens", "expiry")
    assert nullable("comments", "parent")
    assert nullable("comments", "edited_at")
    assert nullable("account", "last_login")
    assert not nullable("comments", "body")
    assert not nullable("reactions", "value")


@pytest.mark.skipif(SIGNS_IN_BY_EMAIL, reason="only for a user model with a public username")
def test_a_user_named_export_keeps_a_public_profile_apart_from_the_export(api_client, user):
    response = api_client.post(
        "/api/users", {"username": "export", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 201

    profile = api_client.get("/api/users/export")
    mine = export_of(user)

    assert (profile.status_code, profile.data["username"]) == (200, "export")
    assert mine["account"]["username"] == username_of(user)


@pytest.mark.skipif(SIGNS_IN_BY_EMAIL, reason="only for a user model with a public username")
def test_the_export_of_a_user_named_me_is_not_taken_for_a_profile(api_client):
    user = UserFactory(username="me")

    assert export_of(user)["account"]["username"] == "me"
