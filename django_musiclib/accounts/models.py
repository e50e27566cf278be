from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from django_musiclib.api.text import length_constraint, one_line, several_lines

#: The longest bio of a profile, in characters.
BIO_MAX_LENGTH = 2000


class Profile(models.Model):
    """What a user shows of themselves, kept beside ``settings.AUTH_USER_MODEL``."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="musiclib_profile",
        verbose_name=_("user"),
    )
    display_name = models.CharField(
        _("display name"), max_length=100, blank=True, validators=[one_line]
    )
    bio = models.TextField(
        _("bio"), max_length=BIO_MAX_LENGTH, blank=True, validators=[several_lines]
    )
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        constraints = [
            length_constraint("bio", BIO_MAX_LENGTH, "musiclib_profile_bio_length"),
        ]

    def __str__(self) -> str:
        return self.display_name or str(self.user)
