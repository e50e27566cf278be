"""The example project in production.

``DJANGO_SETTINGS_MODULE=example_project.settings_production`` chooses these settings:
everything in :mod:`example_project.settings`, with debug off and what
``manage.py check --deploy`` asks for, read from the environment:

``DJANGO_SECRET_KEY``
    Required: a long random string, kept secret. It refuses to start without one.
``DJANGO_ALLOWED_HOSTS``
    Required: the host names the site answers to, comma-separated.
``DATABASE_URL``
    ``postgres://user:password@host:5432/name``. On PostgreSQL each process takes its
    connections from a pool (psycopg's) of ``DJANGO_DB_POOL_MIN_SIZE`` (2) to
    ``DJANGO_DB_POOL_MAX_SIZE`` (4) connections.
``REDIS_URL``
    ``redis://host:6379/0``: the cache, shared by every worker process. The API's throttles
    count requests there. Unset, each process has a cache of its own in memory.
``DJANGO_CACHE_KEY_PREFIX``
    Put before every cache key, for sites that share one Redis database.
``DJANGO_NUM_PROXIES``
    How many reverse proxies stand in front of the server (0). With one or more, a request
    is secure when the proxy sends ``X-Forwarded-Proto: https``, and throttles tell clients
    apart by the address the nearest proxy adds to ``X-Forwarded-For``.
``DJANGO_SECURE_HSTS_SECONDS``
    How long browsers keep to HTTPS (a year; 0 sends no ``Strict-Transport-Security``).
``DJANGO_SECURE_SSL_REDIRECT``
    ``0`` when the proxy already redirects plain HTTP to HTTPS (1).
``DJANGO_LOG_LEVEL``
    The least severe messages written to standard error (``WARNING``).
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from example_project.settings import *  # noqa: F403
from example_project.settings import DATABASES as BASE_DATABASES
from example_project.settings import REST_FRAMEWORK


def required(name: str, meaning: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. The production settings need it: {meaning}."
        )
    return value


def flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "1" if default else "0").strip().lower()
    return value not in ("", "0", "false", "no", "off")


DEBUG = False
SECRET_KEY = required(
    "DJANGO_SECRET_KEY",
    "a long random string, kept secret, for example the output of "
    '`python -c "import secrets; print(secrets.token_urlsafe(50))"`',
)
ALLOWED_HOSTS = [
    host.strip()
    for host in required(
        "DJANGO_ALLOWED_HOSTS", "the host names the site answers to, comma-separated"
    ).split(",")
    if host.strip()
]

DATABASES = BASE_DATABASES
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A pool in each process: a request takes a connection and gives it back at its end.
    # Pooled connections are not also persistent ones: CONN_MAX_AGE is 0.
    database = DATABASES["default"]
    DATABASES = {
        "default": {
            **database,
            "CONN_MAX_AGE": 0,
            "OPTIONS": {
                **database.get("OPTIONS", {}),
                "pool": {
                    "min_size": int(os.environ.get("DJANGO_DB_POOL_MIN_SIZE", "2")),
                    "max_size": int(os.environ.get("DJANGO_DB_POOL_MAX_SIZE", "4")),
                    # Seconds a request waits for a free connection before it fails.
                    "timeout": 10,
                },
            },
        }
    }

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_KEY_PREFIX", ""),
        }
    }

# 0 without a proxy: the client's address is then REMOTE_ADDR, and an X-Forwarded-For
# header sent by a client is ignored rather than trusted by the throttles.
NUM_PROXIES = int(os.environ.get("DJANGO_NUM_PROXIES", "0"))
REST_FRAMEWORK = {**REST_FRAMEWORK, "NUM_PROXIES": NUM_PROXIES}
if NUM_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_SSL_REDIRECT = flag("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# With DEBUG off, Django writes errors nowhere by default; the server's log is stderr.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
