"""Fuzzing: every operation of the API, against its own OpenAPI schema, with schemathesis.

Each operation gets requests generated from the schema, valid and invalid, sent to the
Django app in-process (WSGI, no server), anonymous and signed in with a token, and every
response goes through all of schemathesis's checks: no 5xx; only the status codes,
content types, headers and bodies that the schema declares; invalid data refused; valid
data accepted; authentication enforced where the schema asks for it. The stateful test
follows the links between operations (create, then read, change and delete what was
created) and checks that nothing is found again after it was deleted.

The normal run is reproducible: few examples, derandomized. ``make fuzz`` runs many more
with a random seed that it prints; ``FUZZ_SEED=<seed> make fuzz`` replays one.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from typing import Any

import hypothesis
import jsonschema
import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck
from schemathesis.checks import CheckContext
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import negative_data_rejection

from django_musiclib.conf import DEFAULTS
from tests.concurrency import UNTHROTTLED
from tests.factories import UserFactory, token_for

#: Examples per operation and test; ``make fuzz`` sets more (FUZZ_EXAMPLES).
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
#: Set by ``make fuzz``, which passes its seed to ``--hypothesis-seed``; without it the
#: run is derandomized (the same every time).
SEED = os.environ.get("FUZZ_SEED")
#: Steps of each stateful run (FUZZ_STEPS).
STEPS = int(os.environ.get("FUZZ_STEPS", "10"))

#: Operations whose valid-looking requests may still be refused with 400, because what
#: makes them acceptable is in the database or the account, not in the request's shape:
#: ids of other objects that must exist, a username or email not taken yet, the current
#: password, a password the host's AUTH_PASSWORD_VALIDATORS accept, a file that is audio.
DEPENDS_ON_STORED_DATA = [
    "albums_create",
    "albums_update",
    "albums_partial_update",
    "songs_create",
    "songs_update",
    "songs_partial_update",
    "songs_audio_update",
    "comments_create",
    "comments_update",
    "comments_partial_update",
    "users_create",
    "users_login_create",
    "users_me_partial_update",
    "users_me_destroy",
    "users_me_password_create",
]


def json_bodies_only(raw: dict[str, Any]) -> None:
    """Keep JSON as the one way to send a body, where an operation takes JSON.

    The API is JSON in and out; DRF's form parsers are also documented, but a form cannot
    carry null, an empty list or a number, so requests valid in the schema's JSON shapes
    are not expressible as forms. Multipart stays where it is the only way (audio upload).
    """
    for operations in raw["paths"].values():
        for operation in operations.values():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                for media_type in [m for m in content if m != "application/json"]:
                    del content[media_type]


def load_schema(*, coverage: bool = True) -> schemathesis.BaseSchema:
    """The API's OpenAPI schema as drf-spectacular generates it, bound to the WSGI app.

    ``coverage``: also the deterministic cases of schemathesis's coverage phase (each
    boundary and each kind of invalid value of every parameter and property).
    """
    document = SchemaGenerator().get_schema(request=None, public=True)
    raw = json.loads(OpenApiJsonRenderer().render(document))
    json_bodies_only(raw)
    with_400 = ["2xx", "400", "401", "403", "404", "409", "429"]
    config = schemathesis.Config.from_dict(
        {
            "generation": {
                "max-examples": EXAMPLES,
                # Credentials are a real token (test_signed_in) or none: made-up ones
                # would only ever get the same 401.
                "with-security-parameters": False,
            },
            "phases": {"coverage": {"enabled": coverage}, "stateful": {"max-steps": STEPS}},
            "operations": [
                {
                    "include-operation-id": DEPENDS_ON_STORED_DATA,
                    "checks": {"positive_data_acceptance": {"expected-statuses": with_400}},
                }
            ],
        }
    )
    loaded = schemathesis.openapi.from_dict(raw, config=config)
    loaded.app = WSGIHandler()
    # The schema view belongs to the test project's URLs, not to the API.
    loaded = loaded.exclude(path="/api/schema/")
    if django_settings.AUTH_USER_MODEL != "auth.User":
        # The suite's second run, with another user model, fuzzes what that model changes.
        loaded = loaded.include(path_regex="^/api/users/")
    return loaded


schema = load_schema()
#: Signed out, every change is refused before its body is read: the coverage phase's
#: hundreds of bodies would all get the same 401.
anonymous_schema = load_schema(coverage=False)


def drop_dependent_parameters(case: schemathesis.Case) -> None:
    """Leave out query parameters that depend on others in ways OpenAPI 3.0 cannot state.

    A cursor is made by the server and refused (400) when made up; ``relevance`` orders
    a search only, and is refused (400) without one. (tests/test_pagination.py covers
    both refusals.)
    """
    query = case.query
    if not query:
        return
    query.pop("cursor", None)
    if str(query.get("ordering", "")).lstrip("-") == "relevance" and not query.get("search"):
        del query["ordering"]


def read_as_the_api_reads_it(case: schemathesis.Case) -> bool:
    """Whether a request generated as invalid is valid as the API reads it, on purpose.

    Three leniencies are documented: a query parameter sent empty (``?year=``, as a form
    sends a field left blank) is no parameter; a ``page_size`` that is not a whole number
    of at least 1 gives the default page size; DRF reads a JSON number sent for a text
    field as its text (``"bio": 0`` is ``"0"``).
    """
    meta = case.meta
    if meta is None:
        return False
    negative = [loc for loc, component in meta.components.items() if component.mode.is_negative]
    for location in negative:
        if location == ParameterLocation.QUERY:
            query = {
                name: value
                for name, value in (case.query or {}).items()
                if name != "page_size" and not sent_empty(value)
            }
            if query == dict(case.query or {}):
                return False
            if not is_valid(case.operation.query.validation_schema, query):
                return False
        elif location == ParameterLocation.BODY:
            body = case.body
            if case.media_type is None or not isinstance(body, dict):
                return False
            alternative = case.operation.get_body_for_media_type(case.media_type)
            if alternative is None:
                return False
            body_schema = alternative.validation_schema
            read = {
                name: str(value) if takes_text(body_schema, name, value) else value
                for name, value in body.items()
            }
            if read == body or not is_valid(body_schema, read):
                return False
        else:
            return False
    return bool(negative)


def sent_empty(value: Any) -> bool:
    """Whether a query value goes as nothing or ``name=`` only (``""``, ``[""]``, ``{}``)."""
    if isinstance(value, list | tuple | dict):
        return all(sent_empty(item) for item in value)
    return value is None or value == ""


def takes_text(body_schema: dict[str, Any], name: str, value: Any) -> bool:
    """Whether ``value`` is a number sent for a property that is text only."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    prop = body_schema.get("properties", {}).get(name, {})
    branches = [prop, *prop.get("anyOf", []), *prop.get("oneOf", [])]
    types = [branch.get("type") for branch in branches]
    return "string" in types and not {"integer", "number"} & set(types)


def is_valid(schema_: dict[str, Any], value: Any) -> bool:
    return jsonschema.Draft202012Validator(schema_).is_valid(value)


def invalid_data_refused(ctx: CheckContext, response, case: schemathesis.Case) -> bool | None:
    """schemathesis's ``negative_data_rejection``, but for the leniencies above."""
    if read_as_the_api_reads_it(case):
        return None
    return negative_data_rejection(ctx, response, case)


def names_another_operation(case: schemathesis.Case) -> bool:
    """Whether the path is another operation's: /users/csrf and the like are fuzzed as
    themselves, not as the public profile of a user named "csrf"."""
    return (case.path_parameters or {}).get("username") in DEFAULTS["RESERVED_USERNAMES"]


def validate(case: schemathesis.Case, **kwargs: Any) -> None:
    if names_another_operation(case):
        return
    drop_dependent_parameters(case)
    case.call_and_validate(
        excluded_checks=[negative_data_rejection],
        additional_checks=[invalid_data_refused],
        **kwargs,
    )


FUZZ_SETTINGS = hypothesis.settings(
    max_examples=EXAMPLES,
    derandomize=SEED is None,
    deadline=None,
    database=None,
    suppress_health_check=[
        # The fixtures (the database, the signed-in user) serve every example of a test,
        # and each example rolls back what it wrote (see ``rolled_back``).
        HealthCheck.function_scoped_fixture,
        # Requests go through the whole app and database: slower than Hypothesis expects.
        HealthCheck.too_slow,
        # Text that must hold a visible character (a name, a comment) is drawn from its
        # pattern and then cut to its maximum length, and too long drafts are discarded.
        HealthCheck.filter_too_much,
    ],
)


@contextmanager
def rolled_back():
    """Undo the writes of one example, so that each starts from the same data and a
    failure replays (as Hypothesis does to shrink it) the same way."""
    # The connection's own savepoint methods: transaction.savepoint() is deprecated in
    # Django 6.1, and its replacement does not exist before it.
    savepoint = connection.savepoint()
    try:
        yield
    finally:
        connection.savepoint_rollback(savepoint)


@pytest.fixture
def fuzz_app(db, settings):
    """The app, as the fuzzer calls it: unthrottled, and in the test's transaction.

    Django closes the database connection at the end of each request; in a test that
    would end the transaction, so (as Django's test client does) that is switched off.
    """
    settings.ALLOWED_HOSTS = ["localhost"]
    settings.MUSICLIB = {**getattr(settings, "MUSICLIB", {}), **UNTHROTTLED}
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_user(fuzz_app):
    return UserFactory()


@anonymous_schema.parametrize()
@FUZZ_SETTINGS
def test_anonymous(case, fuzz_app):
    with rolled_back():
        validate(case)


@schema.parametrize()
@FUZZ_SETTINGS
def test_signed_in(case, fuzz_user):
    # The token goes as a header of the call: the one credential that the checks take
    # away, to see that an operation that needs it refuses a request without it.
    with rolled_back():
        validate(case, headers={"Authorization": f"Token {token_for(fuzz_user)}"})


@pytest.fixture
def workflow(fuzz_user):
    """Sequences of calls that follow the links between operations, signed in.

    The schema declares no links: schemathesis infers them from its resources (what a
    create returns is what a read, an update or a delete takes by id).
    """

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        def setup(self):
            self.savepoint = connection.savepoint()

        def teardown(self):
            connection.savepoint_rollback(self.savepoint)

        def get_call_kwargs(self, case):
            drop_dependent_parameters(case)
            return {"headers": {"Authorization": f"Token {token_for(fuzz_user)}"}}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            if names_another_operation(case):
                return
            case.validate_response(
                response,
                excluded_checks=[negative_data_rejection],
                additional_checks=[invalid_data_refused, *(additional_checks or [])],
                headers=kwargs.get("headers"),
                transport_kwargs=kwargs,
                recorder=self.recorder,
            )

    return Workflow


def test_stateful(workflow):
    workflow.run(settings=hypothesis.settings(FUZZ_SETTINGS, stateful_step_count=STEPS))
