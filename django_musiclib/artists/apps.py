from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArtistsConfig(AppConfig):
    name = "django_musiclib.artists"
    label = "musiclib_artists"
    verbose_name = _("Music library: artists")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django_musiclib import checks  # noqa: F401
