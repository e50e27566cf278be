from django.conf import settings
from django.db.models.signals import pre_delete
from django.utils.translation import gettext_lazy as _

from django_musiclib.appconfig import MusicLibAppConfig


class CommentsConfig(MusicLibAppConfig):
    default = True
    name = "django_musiclib.comments"
    label = "musiclib_comments"
    verbose_name = _("Music library: comments")

    def ready(self) -> None:
        super().ready()
        from django_musiclib.api.user_data import register_user_data
        from django_musiclib.comments import signals, user_data

        pre_delete.connect(
            signals.handle_comments_of_deleted_user,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="musiclib_comments_handle_deleted_user",
        )
        register_user_data(*user_data.SECTIONS)
