from django.utils.translation import gettext_lazy as _

from django_musiclib.appconfig import MusicLibAppConfig


class ArtistsConfig(MusicLibAppConfig):
    default = True
    name = "django_musiclib.artists"
    label = "musiclib_artists"
    verbose_name = _("Music library: artists")

    def ready(self) -> None:
        super().ready()
        from django_musiclib.api.user_data import register_user_data
        from django_musiclib.artists import user_data

        register_user_data(*user_data.SECTIONS)
