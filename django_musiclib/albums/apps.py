from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from django_musiclib.appconfig import MusicLibAppConfig


class AlbumsConfig(MusicLibAppConfig):
    default = True
    name = "django_musiclib.albums"
    label = "musiclib_albums"
    verbose_name = _("Music library: albums")

    def ready(self) -> None:
        super().ready()
        from django_musiclib.albums import signals, user_data
        from django_musiclib.api.user_data import register_user_data

        post_delete.connect(
            signals.delete_cover,
            sender=self.get_model("Album"),
            dispatch_uid="musiclib_albums_delete_cover",
        )
        register_user_data(*user_data.SECTIONS)
