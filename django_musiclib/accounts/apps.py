from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "django_musiclib.accounts"
    label = "musiclib_accounts"
    verbose_name = _("Music library: accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django_musiclib import checks  # noqa: F401
