from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlbumsConfig(AppConfig):
    name = "django_musiclib.albums"
    label = "musiclib_albums"
    verbose_name = _("Music library: albums")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django_musiclib import checks  # noqa: F401
