from django.utils.translation import gettext_lazy as _

from django_musiclib.appconfig import MusicLibAppConfig


class AccountsConfig(MusicLibAppConfig):
    default = True
    name = "django_musiclib.accounts"
    label = "musiclib_accounts"
    verbose_name = _("Music library: accounts")
