"""The API of every installed django-musiclib app, under one namespace.

``path("api/", include("django_musiclib.urls"))`` mounts ``artists``, ``albums``,
``songs``, ``comments`` and ``users`` for the apps that are in ``INSTALLED_APPS``, and
an API root listing them. Each path answers with or without a trailing slash.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps

from django_musiclib.api.routers import RootRouter

app_name = "musiclib"

#: Apps in the order their endpoints are listed at the API root.
APPS = ["artists", "albums", "songs", "comments", "accounts"]


def build_router() -> RootRouter:
    router = RootRouter()
    for name in APPS:
        if apps.is_installed(f"django_musiclib.{name}"):
            app_router = import_module(f"django_musiclib.{name}.urls").router
            for prefix, viewset, basename in app_router.registry:
                router.register(prefix, viewset, basename=basename)
    return router


urlpatterns = build_router().urls
