from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MusicLibConfig(AppConfig):
    """``"django_musiclib"`` in ``INSTALLED_APPS``: the translations of every app.

    It has no models and no URLs. Django reads the catalogs of installed apps only, and
    the messages of the five apps and of the API layer they share are in one catalog,
    ``django_musiclib/locale``.
    """

    default = True
    name = "django_musiclib"
    label = "musiclib"
    verbose_name = _("Music library")
