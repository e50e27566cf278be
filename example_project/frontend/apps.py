from __future__ import annotations

from django.apps import AppConfig


class FrontendConfig(AppConfig):
    name = "example_project.frontend"
    label = "example_frontend"
    verbose_name = "Listening page"
