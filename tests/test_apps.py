from __future__ import annotations

import pytest
from django.apps import apps

APPS = ["accounts", "artists", "albums", "songs", "comments"]


@pytest.mark.parametrize("name", APPS)
def test_each_app_is_installed_under_a_prefixed_label(name):
    config = apps.get_app_config(f"musiclib_{name}")

    assert config.name == f"django_musiclib.{name}"
    assert config.default_auto_field == "django.db.models.BigAutoField"
    assert str(config.verbose_name).startswith("Music library")
