from django.utils.translation import gettext_lazy as _

from django_musiclib.appconfig import MusicLibAppConfig


class AlbumsConfig(MusicLibAppConfig):
    default = True
    name = "django_musiclib.albums"
    label = "musiclib_albums"
    verbose_name = _("Music library: albums")
