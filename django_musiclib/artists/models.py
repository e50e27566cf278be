from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from django_musiclib.api.db import SearchVectorField
from django_musiclib.api.text import length_constraint, one_line, several_lines

#: The longest biography of an artist, in characters.
BIO_MAX_LENGTH = 10_000


class CatalogModel(models.Model):
    """Who created a catalog object and when it was created and last changed.

    ``created_by`` becomes NULL when that user is deleted: the catalog outlives accounts.

    ``server_kept_fields`` are written only by the database or by set-based updates
    (counters changed with ``F()``, search vectors kept by triggers). Saving an object
    never writes them back, so an object read before a like and saved after it cannot
    undo the like.
    """

    server_kept_fields: tuple[str, ...] = ("search_vector",)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.server_kept_fields
            ]
        super().save(*args, **kwargs)


class Artist(CatalogModel):
    name = models.CharField(_("name"), max_length=200, validators=[one_line])
    bio = models.TextField(
        _("biography"), blank=True, max_length=BIO_MAX_LENGTH, validators=[several_lines]
    )
    # Kept by database triggers on PostgreSQL (see the migrations); unused elsewhere.
    search_vector = SearchVectorField()

    class Meta:
        verbose_name = _("artist")
        verbose_name_plural = _("artists")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["name", "id"], name="musiclib_artist_name_idx"),
            models.Index(fields=["created_at", "id"], name="musiclib_artist_created_idx"),
        ]
        constraints = [
            length_constraint("bio", BIO_MAX_LENGTH, "musiclib_artist_bio_length"),
        ]

    def __str__(self) -> str:
        return self.name
