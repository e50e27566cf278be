"""Accounts under abuse: login failures that tell nothing, and bounded, plain-text input.

The rates of logins, sign-ups and password changes are tested in tests/api/test_throttling.py.
"""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import get_hasher

from django_musiclib.accounts.models import Profile
from tests.factories import PASSWORD, UserFactory, identity, login_payload

pytestmark = pytest.mark.django_db

LOGIN = "/api/users/login"


def signup(name: str = "ada", **extra: str) -> dict[str, str]:
    return {**identity(name), "password": PASSWORD, **extra}


def login_failures(api_client) -> dict[str, object]:
    """How a login answers for an unknown user, a wrong password and an inactive user."""
    user = UserFactory()
    inactive = UserFactory(is_active=False)
    field = get_user_model().USERNAME_FIELD
    attempts = {
        "unknown user": {field: identity("nobody")[field], "password": PASSWORD},
        "wrong password": login_payload(user, "not-the-password"),
        "inactive user": login_payload(inactive),
    }
    return {case: api_client.post(LOGIN, body, format="json") for case, body in attempts.items()}


def test_login_failures_answer_the_same_whether_or_not_the_user_exists(api_client):
    answers = login_failures(api_client)

    assert {response.status_code for response in answers.values()} == {400}
    bodies = [response.json() for response in answers.values()]
    assert bodies == [{"non_field_errors": ["Unable to log in with these credentials."]}] * 3


def test_every_login_failure_hashes_the_password_once_as_a_success_does(api_client):
    # The time a login takes is the time of hashing: the same work for every failure
    # means the time does not tell whether the account exists.
    hasher = type(get_hasher())
    user = UserFactory()
    field = get_user_model().USERNAME_FIELD
    attempts = {
        "success": login_payload(user),
        "unknown user": {field: identity("nobody")[field], "password": PASSWORD},
        "wrong password": login_payload(user, "not-the-password"),
        "inactive user": login_payload(UserFactory(is_active=False)),
    }
    hashes = {}
    for case, body in attempts.items():
        with mock.patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as spy:
            api_client.post(LOGIN, body, format="json")
        hashes[case] = spy.call_count

    assert hashes == dict.fromkeys(attempts, 1)


def test_a_password_longer_than_4096_characters_is_refused_without_hashing(api_client):
    user = UserFactory()
    hasher = type(get_hasher())

    with mock.patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as spy:
        response = api_client.post(LOGIN, login_payload(user, "x" * 4097), format="json")

    assert response.status_code == 400
    assert "password" in response.json()
    assert spy.call_count == 0


def test_registering_with_a_password_of_4097_characters_is_400(api_client):
    response = api_client.post("/api/users", signup(password="x" * 4097), format="json")

    assert response.status_code == 400
    assert "password" in response.json()
    assert not get_user_model().objects.exists()


def test_changing_to_a_password_of_4097_characters_is_400(client_for):
    user = UserFactory()
    body = {"old_password": PASSWORD, "new_password": "x" * 4097}

    response = client_for(user).post("/api/users/me/password", body, format="json")

    assert response.status_code == 400
    assert "new_password" in response.json()


def test_an_overlong_sign_in_name_is_400_naming_the_field(api_client):
    field = get_user_model().USERNAME_FIELD
    name = "a" * 300 + ("@example.com" if field == "email" else "")

    response = api_client.post("/api/users", {**signup(), field: name}, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not get_user_model().objects.exists()


def test_logging_in_with_an_overlong_name_is_400_naming_the_field(api_client):
    field = get_user_model().USERNAME_FIELD

    response = api_client.post(LOGIN, {field: "a" * 255, "password": PASSWORD}, format="json")

    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize(
    ("field", "value"),
    [("display_name", "x" * 101), ("bio", "x" * 2001), ("display_name", "Ada\nLovelace")],
)
def test_registering_with_a_profile_field_too_long_or_on_two_lines_is_400(
    api_client, field, value
):
    response = api_client.post("/api/users", signup(**{field: value}), format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("display_name", "x" * 101),
        ("bio", "x" * 2001),
        ("display_name", "tab\there"),
        ("bio", "bell\x07"),
        ("bio", "lone\rreturn"),
    ],
)
def test_changing_a_profile_field_to_bad_text_is_400_and_changes_nothing(client_for, field, value):
    user = UserFactory()

    response = client_for(user).patch("/api/users/me", {field: value}, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Profile.objects.filter(**{field: value}).exists()


def test_a_bio_keeps_its_lines_as_sent(client_for):
    user = UserFactory()
    bio = "Line one\r\nLine two\n\tindented <b>not bold</b>"

    response = client_for(user).patch("/api/users/me", {"bio": bio}, format="json")

    assert response.status_code == 200
    assert response.json()["bio"] == bio


def test_a_sign_in_name_with_a_control_character_is_400(api_client):
    field = get_user_model().USERNAME_FIELD
    name = identity("ada")[field] + "\x1b"

    response = api_client.post("/api/users", {**signup(), field: name}, format="json")

    assert response.status_code == 400
    assert field in response.json()
