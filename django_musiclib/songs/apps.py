from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import pre_delete
from django.utils.translation import gettext_lazy as _


class SongsConfig(AppConfig):
    name = "django_musiclib.songs"
    label = "musiclib_songs"
    verbose_name = _("Music library: songs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django_musiclib import checks  # noqa: F401
        from django_musiclib.songs import signals

        pre_delete.connect(
            signals.withdraw_reactions_of_deleted_user,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="musiclib_songs_withdraw_reactions",
        )
