from django.utils.translation import gettext_lazy as _

from django_musiclib.appconfig import MusicLibAppConfig


class AccountsConfig(MusicLibAppConfig):
    default = True
    name = "django_musiclib.accounts"
    label = "musiclib_accounts"
    verbose_name = _("Music library: accounts")

    def ready(self) -> None:
        super().ready()
        from django_musiclib.accounts import user_data
        from django_musiclib.api.user_data import register_user_data

        register_user_data(*user_data.SECTIONS)
