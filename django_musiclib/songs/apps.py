from django.conf import settings
from django.db.models.signals import post_delete, pre_delete
from django.utils.translation import gettext_lazy as _

from django_musiclib.appconfig import MusicLibAppConfig


class SongsConfig(MusicLibAppConfig):
    default = True
    name = "django_musiclib.songs"
    label = "musiclib_songs"
    verbose_name = _("Music library: songs")

    def ready(self) -> None:
        super().ready()
        from django_musiclib.api.user_data import register_user_data
        from django_musiclib.songs import signals, user_data

        pre_delete.connect(
            signals.withdraw_reactions_of_deleted_user,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="musiclib_songs_withdraw_reactions",
        )
        post_delete.connect(
            signals.delete_stored_audio,
            sender=self.get_model("Song"),
            dispatch_uid="musiclib_songs_delete_stored_audio",
        )
        register_user_data(*user_data.SECTIONS)
