from django.utils.translation import gettext_lazy as _

from django_musiclib.appconfig import MusicLibAppConfig


class ArtistsConfig(MusicLibAppConfig):
    default = True
    name = "django_musiclib.artists"
    label = "musiclib_artists"
    verbose_name = _("Music library: artists")
