"""The example project's production settings (``example_project.settings_production``) and
its gunicorn configuration, chosen and filled by environment variables."""

from __future__ import annotations

import importlib
import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

# The example project's own dependencies (the "example" extra), as make test installs them.
pytest.importorskip("dj_database_url", reason="needs the example extra")
pytest.importorskip("corsheaders", reason="needs the example extra")

ROOT = Path(__file__).resolve().parents[2]
MANAGE = str(ROOT / "example_project" / "manage.py")
PRODUCTION = "example_project.settings_production"
# Every variable the settings read, so that the caller's environment never leaks in.
VARIABLES = [
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_DEBUG",
    "DATABASE_URL",
    "DJANGO_DB_POOL_MIN_SIZE",
    "DJANGO_DB_POOL_MAX_SIZE",
    "REDIS_URL",
    "DJANGO_CACHE_KEY_PREFIX",
    "DJANGO_NUM_PROXIES",
    "DJANGO_SECURE_HSTS_SECONDS",
    "DJANGO_SECURE_SSL_REDIRECT",
    "WEB_CONCURRENCY",
    "GUNICORN_THREADS",
    "GUNICORN_BIND",
    "GUNICORN_CMD_ARGS",
]
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "music.example.com",
    "DATABASE_URL": "postgres://musiclib@db.example.com:5432/musiclib",
    "REDIS_URL": "redis://cache.example.com:6379/0",
}


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {name: value for name, value in os.environ.items() if name not in VARIABLES}
    return subprocess.run(
        [sys.executable, *args],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> ModuleType:
    """The production settings module as the environment ``env`` makes it."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # Imported anew, from nothing: a reload would keep names an earlier import set.
    for module in ("example_project.settings", PRODUCTION):
        monkeypatch.delitem(sys.modules, module, raising=False)
    return importlib.import_module(PRODUCTION)


def test_production_settings_pass_the_deployment_checks_without_a_warning():
    checked = run(
        MANAGE,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE=PRODUCTION,
        **PRODUCTION_ENV,
    )

    assert checked.returncode == 0, checked.stderr
    assert "System check identified no issues" in checked.stdout


def test_development_settings_fail_the_deployment_checks():
    checked = run(MANAGE, "check", "--deploy", "--fail-level", "WARNING")

    assert checked.returncode != 0
    assert "security.W018" in checked.stderr  # DEBUG is on


@pytest.mark.parametrize(
    ("name", "value"), [("DJANGO_SECRET_KEY", ""), ("DJANGO_ALLOWED_HOSTS", " ")]
)
def test_production_refuses_to_start_without_a_required_variable(monkeypatch, name, value):
    env = {**PRODUCTION_ENV, name: value}

    with pytest.raises(ImproperlyConfigured, match=rf"^{name} is not set\."):
        production_settings(monkeypatch, **env)


def test_production_reads_secret_key_and_allowed_hosts_from_the_environment(monkeypatch):
    env = {**PRODUCTION_ENV, "DJANGO_ALLOWED_HOSTS": "music.example.com, www.example.com"}

    settings = production_settings(monkeypatch, **env)

    assert PRODUCTION_ENV["DJANGO_SECRET_KEY"] == settings.SECRET_KEY
    assert settings.ALLOWED_HOSTS == ["music.example.com", "www.example.com"]
    assert settings.DEBUG is False


def test_production_takes_postgresql_connections_from_a_pool(monkeypatch):
    settings = production_settings(monkeypatch, **PRODUCTION_ENV, DJANGO_DB_POOL_MAX_SIZE="8")

    database = settings.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["HOST"] == "db.example.com"
    assert database["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 8, "timeout": 10}
    assert database["CONN_MAX_AGE"] == 0  # Django refuses a pool with persistent connections


def test_production_on_sqlite_has_no_pool(monkeypatch):
    env = {**PRODUCTION_ENV, "DATABASE_URL": "sqlite:///music.sqlite3"}

    settings = production_settings(monkeypatch, **env)

    assert "pool" not in settings.DATABASES["default"].get("OPTIONS", {})


def test_production_caches_in_redis_when_redis_url_is_set(monkeypatch):
    settings = production_settings(monkeypatch, **PRODUCTION_ENV, DJANGO_CACHE_KEY_PREFIX="site")

    assert settings.CACHES["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.example.com:6379/0",
        "KEY_PREFIX": "site",
    }


def test_production_without_redis_url_keeps_django_default_cache(monkeypatch):
    env = {name: value for name, value in PRODUCTION_ENV.items() if name != "REDIS_URL"}

    settings = production_settings(monkeypatch, **env)

    assert not hasattr(settings, "CACHES")


def test_production_without_proxy_ignores_forwarded_headers(monkeypatch):
    settings = production_settings(monkeypatch, **PRODUCTION_ENV)

    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0
    assert not hasattr(settings, "SECURE_PROXY_SSL_HEADER")


def test_production_behind_a_proxy_trusts_its_forwarded_headers(monkeypatch):
    settings = production_settings(monkeypatch, **PRODUCTION_ENV, DJANGO_NUM_PROXIES="1")

    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 1
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")


def test_gunicorn_configuration_reads_workers_threads_and_address():
    pytest.importorskip("gunicorn", reason="needs the deploy extra")
    printed = run(
        "-m",
        "gunicorn",
        "-c",
        "example_project/gunicorn.conf.py",
        "--print-config",  # after loading the application, as when it serves
        **PRODUCTION_ENV,
        WEB_CONCURRENCY="5",
        GUNICORN_THREADS="2",
        GUNICORN_BIND="127.0.0.1:8123",
    )

    assert printed.returncode == 0, printed.stderr
    config = {
        name.strip(): value.strip()
        for name, _, value in (line.partition("=") for line in printed.stdout.splitlines())
    }
    assert config["workers"] == "5"
    assert config["threads"] == "2"
    assert config["worker_class"] == "gthread"
    assert config["bind"] == "['127.0.0.1:8123']"
    assert config["wsgi_app"] == "example_project.wsgi:application"


@pytest.mark.postgres
@pytest.mark.django_db
def test_production_connects_to_postgresql_through_the_pool():
    pytest.importorskip("psycopg_pool", reason="needs the deploy extra")
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or 'localhost'}"
        f":{database['PORT'] or 5432}/{database['NAME']}"
    )
    code = (
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('SELECT 1')\n"
        "print(type(connection.pool).__name__, connection.pool.max_size)\n"
    )

    shell = run(
        MANAGE,
        "shell",
        "-c",
        code,
        DJANGO_SETTINGS_MODULE=PRODUCTION,
        **{**PRODUCTION_ENV, "DATABASE_URL": url, "DJANGO_DB_POOL_MAX_SIZE": "3"},
    )

    assert shell.returncode == 0, shell.stderr
    assert shell.stdout.splitlines()[-1].split() == ["ConnectionPool", "3"]


def test_production_cache_round_trips_through_redis():
    pytest.importorskip("redis", reason="needs the deploy extra")
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("needs Redis at 127.0.0.1:6379")
    prefix = f"musiclib-test-{secrets.token_hex(4)}"
    code = (
        "from django.core.cache import caches\n"
        "cache = caches['default']\n"
        "cache.set('greeting', 'hello', 30)\n"
        "print(type(cache).__name__, cache.get('greeting'))\n"
        "cache.delete('greeting')\n"
    )
    env = {**PRODUCTION_ENV, "DATABASE_URL": "sqlite:///:memory:"}

    shell = run(
        MANAGE,
        "shell",
        "-c",
        code,
        DJANGO_SETTINGS_MODULE=PRODUCTION,
        **{**env, "REDIS_URL": "redis://127.0.0.1:6379/0", "DJANGO_CACHE_KEY_PREFIX": prefix},
    )

    assert shell.returncode == 0, shell.stderr
    assert shell.stdout.splitlines()[-1].split() == ["RedisCache", "hello"]
