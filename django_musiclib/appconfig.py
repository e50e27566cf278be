"""The base of every django-musiclib app's ``AppConfig``."""

from __future__ import annotations

from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class MusicLibAppConfig(AppConfig):
    """Prefixed labels, big integer keys, system checks, and a clear error for a missing app.

    An app whose models import another app's models cannot even load without it, so
    ``musiclib.E001`` is raised here, before the import would fail with a less helpful
    message, rather than waiting for ``manage.py check``.
    """

    # Not a candidate when Django picks the config of an apps.py; each app sets True.
    default = False
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self) -> None:
        from django_musiclib.checks import missing_app_errors

        errors = missing_app_errors(self.name.rpartition(".")[2])
        if errors:
            error = errors[0]
            raise ImproperlyConfigured(f"{error.msg} {error.hint} ({error.id})")
        super().import_models()

    def ready(self) -> None:
        from django_musiclib import checks  # noqa: F401  (registers the system checks)
