"""System checks: each has a stable id and says what to change.

=============== ============================================================
``musiclib.E001`` a django-musiclib app is installed without an app it needs (raised as
                ``ImproperlyConfigured`` while the apps load)
``musiclib.E002`` a third-party app that django-musiclib needs is not installed
``musiclib.E003`` ``MUSICLIB`` has a key that django-musiclib does not know
``musiclib.E004`` a ``MUSICLIB`` import string cannot be imported
``musiclib.E005`` a ``MUSICLIB`` value is out of range or not a choice
``musiclib.W001`` the OpenAPI schema mixes request and response shapes
=============== ============================================================
"""

from __future__ import annotations

import re
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.files.storage import storages

from django_musiclib import conf

PACKAGE = "django_musiclib"
#: A rate DRF's throttles read as meant (they look at the period's first letter only, so
#: "10/month" would be 10 a minute).
_RATE = re.compile(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)")

#: Each app and the django-musiclib apps it needs.
APP_DEPENDENCIES: dict[str, list[str]] = {
    "accounts": [],
    "artists": [],
    "albums": ["artists"],
    "songs": ["artists", "albums"],
    "comments": ["artists", "albums", "songs"],
}

#: Third-party apps every django-musiclib app needs, and those one app needs more.
THIRD_PARTY = {
    "rest_framework": "djangorestframework",
    "django_filters": "django-filter",
}
THIRD_PARTY_BY_APP = {"accounts": {"knox": "django-rest-knox"}}
# knox is also needed by any app while MUSICLIB["AUTHENTICATION_CLASSES"] names a knox class.


def _installed_musiclib_apps() -> list[str]:
    return [name for name in APP_DEPENDENCIES if apps.is_installed(f"{PACKAGE}.{name}")]


def missing_app_errors(name: str) -> list[Error]:
    """``musiclib.E001`` for each django-musiclib app that the app ``name`` needs and lacks."""
    return [
        Error(
            f"'{PACKAGE}.{name}' needs '{PACKAGE}.{needed}', which is not installed.",
            hint=f"Add '{PACKAGE}.{needed}' to INSTALLED_APPS.",
            id="musiclib.E001",
        )
        for needed in APP_DEPENDENCIES[name]
        if not apps.is_installed(f"{PACKAGE}.{needed}")
    ]


@register(Tags.compatibility)
def check_app_dependencies(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    # musiclib.E001 is raised while the apps load (see MusicLibAppConfig): an app whose
    # models import a missing app's models never gets as far as the checks.
    installed = _installed_musiclib_apps()
    if not installed:
        return []
    errors = []
    needs = dict(THIRD_PARTY)
    for name in installed:
        needs.update(THIRD_PARTY_BY_APP.get(name, {}))
    if _uses_knox():
        needs["knox"] = "django-rest-knox"
    for module, distribution in needs.items():
        if not apps.is_installed(module):
            errors.append(
                Error(
                    f"django-musiclib needs '{module}' ({distribution}) in INSTALLED_APPS.",
                    hint=f"Add '{module}' to INSTALLED_APPS."
                    + (
                        " Or set MUSICLIB['AUTHENTICATION_CLASSES'] to classes that do not"
                        " use knox."
                        if module == "knox" and "accounts" not in installed
                        else ""
                    ),
                    id="musiclib.E002",
                )
            )
    return errors


def _uses_knox() -> bool:
    """Whether the configured authentication classes include one from knox."""
    user_settings = getattr(settings, "MUSICLIB", {})
    classes = conf.DEFAULTS["AUTHENTICATION_CLASSES"]
    if isinstance(user_settings, dict):
        classes = user_settings.get("AUTHENTICATION_CLASSES", classes)
    return any(
        (item if isinstance(item, str) else getattr(item, "__module__", "")).startswith("knox.")
        for item in classes
    )


@register(Tags.compatibility)
def check_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    user_settings = getattr(settings, "MUSICLIB", {})
    if not isinstance(user_settings, dict):
        return [
            Error(
                "The MUSICLIB setting must be a dict.",
                hint="Set MUSICLIB = {...} with the keys you want to change.",
                id="musiclib.E005",
            )
        ]
    errors = []
    for key in sorted(set(user_settings) - set(conf.DEFAULTS)):
        errors.append(
            Error(
                f"MUSICLIB has an unknown key {key!r}.",
                hint="Remove it, or correct its spelling; the docs list every key.",
                id="musiclib.E003",
            )
        )
    for key in sorted(set(user_settings) & conf.IMPORT_STRINGS):
        try:
            conf.perform_import(user_settings[key], key)
        except ImportError as exc:
            errors.append(
                Error(str(exc), hint="Give a dotted path to a class.", id="musiclib.E004")
            )
    errors.extend(_check_values({**conf.DEFAULTS, **user_settings}))
    return errors


def _check_values(values: dict[str, Any]) -> list[Error]:
    errors = []

    def positive_int(key: str) -> bool:
        value = values[key]
        return isinstance(value, int) and not isinstance(value, bool) and value > 0

    for key in (
        "PAGE_SIZE",
        "MAX_PAGE_SIZE",
        "COMMENT_MAX_LENGTH",
        "MAX_REQUEST_BODY_SIZE",
        "AUDIO_MAX_UPLOAD_SIZE",
        "COVER_MAX_SIZE",
    ):
        if not positive_int(key):
            errors.append(
                Error(
                    f"MUSICLIB[{key!r}] must be a positive whole number, not {values[key]!r}.",
                    id="musiclib.E005",
                )
            )
    if (
        positive_int("PAGE_SIZE")
        and positive_int("MAX_PAGE_SIZE")
        and values["PAGE_SIZE"] > values["MAX_PAGE_SIZE"]
    ):
        errors.append(
            Error(
                "MUSICLIB['PAGE_SIZE'] is larger than MUSICLIB['MAX_PAGE_SIZE'].",
                hint="Lower PAGE_SIZE or raise MAX_PAGE_SIZE.",
                id="musiclib.E005",
            )
        )
    if (
        positive_int("COMMENT_MAX_LENGTH")
        and values["COMMENT_MAX_LENGTH"] > conf.COMMENT_BODY_LIMIT
    ):
        errors.append(
            Error(
                f"MUSICLIB['COMMENT_MAX_LENGTH'] is {values['COMMENT_MAX_LENGTH']}, more than "
                f"the {conf.COMMENT_BODY_LIMIT} characters a comment holds in the database.",
                hint=f"Set it to {conf.COMMENT_BODY_LIMIT} or less.",
                id="musiclib.E005",
            )
        )
    errors.extend(_check_throttle_rates(values["THROTTLE_RATES"]))
    reserved = values["RESERVED_USERNAMES"]
    if not isinstance(reserved, (list, tuple)) or not all(isinstance(n, str) for n in reserved):
        errors.append(
            Error(
                "MUSICLIB['RESERVED_USERNAMES'] must be a list of names.",
                hint='For example ["me", "login", "logout", "logout-all", "admin"].',
                id="musiclib.E005",
            )
        )
    choice = values["COMMENTS_ON_ACCOUNT_DELETE"]
    if choice not in conf.COMMENTS_ON_ACCOUNT_DELETE_CHOICES:
        errors.append(
            Error(
                f"MUSICLIB['COMMENTS_ON_ACCOUNT_DELETE'] is {choice!r}.",
                hint="Use one of: "
                + ", ".join(repr(c) for c in conf.COMMENTS_ON_ACCOUNT_DELETE_CHOICES)
                + ".",
                id="musiclib.E005",
            )
        )
    server = values["STREAM_SERVER"]
    if server not in conf.STREAM_SERVER_CHOICES:
        errors.append(
            Error(
                f"MUSICLIB['STREAM_SERVER'] is {server!r}.",
                hint="Use one of: " + ", ".join(repr(c) for c in conf.STREAM_SERVER_CHOICES) + ".",
                id="musiclib.E005",
            )
        )
    alias = values["STORAGE"]
    if alias not in storages.backends:
        errors.append(
            Error(
                f"MUSICLIB['STORAGE'] is {alias!r}, which is not a key of STORAGES.",
                hint="Name a storage of the STORAGES setting, or add one under that name.",
                id="musiclib.E005",
            )
        )
    for key in ("STREAM_SERVER_PREFIX", "STREAM_SERVER_LIBRARY_PREFIX"):
        prefix = values[key]
        if not (isinstance(prefix, str) and prefix.startswith("/") and prefix.endswith("/")):
            errors.append(
                Error(
                    f"MUSICLIB[{key!r}] must be a path that starts and ends with '/', "
                    f"not {prefix!r}.",
                    hint="Give the internal location of your web server, "
                    'for example "/musiclib-media/".',
                    id="musiclib.E005",
                )
            )
    return errors


def _check_throttle_rates(rates: Any) -> list[Error]:
    hint = 'For example {"login": "10/minute", "comment": None}.'
    if not isinstance(rates, dict):
        return [
            Error(
                "MUSICLIB['THROTTLE_RATES'] must be a dict of scope names and rates.",
                hint=hint,
                id="musiclib.E005",
            )
        ]
    return [
        Error(
            f"MUSICLIB['THROTTLE_RATES'][{scope!r}] is {rate!r}, which is not a rate.",
            hint='Give "N/second", "N/minute", "N/hour" or "N/day" with N at least 1, '
            "or None for no limit.",
            id="musiclib.E005",
        )
        for scope, rate in rates.items()
        if rate is not None and not (isinstance(rate, str) and _RATE.fullmatch(rate))
    ]


@register(Tags.compatibility)
def check_schema_settings(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if not apps.is_installed("drf_spectacular") or not _installed_musiclib_apps():
        return []
    spectacular = getattr(settings, "SPECTACULAR_SETTINGS", {})
    if spectacular.get("COMPONENT_SPLIT_REQUEST"):
        return []
    return [
        Warning(
            "The OpenAPI schema shows related objects as nested objects in requests too.",
            hint="Set SPECTACULAR_SETTINGS['COMPONENT_SPLIT_REQUEST'] = True, so requests "
            "show the ids that django-musiclib takes.",
            id="musiclib.W001",
        )
    ]
