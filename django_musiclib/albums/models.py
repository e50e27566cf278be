from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from django_musiclib.api.db import SearchVectorField
from django_musiclib.api.storage import musiclib_storage
from django_musiclib.api.text import one_line
from django_musiclib.artists.models import Artist, CatalogModel


class Album(CatalogModel):
    title = models.CharField(_("title"), max_length=200, validators=[one_line])
    artists = models.ManyToManyField(
        Artist,
        through="AlbumArtist",
        related_name="albums",
        verbose_name=_("artists"),
    )
    release_date = models.DateField(_("release date"), null=True, blank=True)
    genre = models.CharField(_("genre"), max_length=100, blank=True, validators=[one_line])
    # Title and artist names; kept by database triggers on PostgreSQL.
    search_vector = SearchVectorField()
    # A JPEG, PNG, GIF or WebP image, checked by its content (see albums/cover_views.py).
    cover = models.FileField(
        _("cover"), storage=musiclib_storage, max_length=255, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("album")
        verbose_name_plural = _("albums")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["title", "id"], name="musiclib_album_title_idx"),
            models.Index(fields=["created_at", "id"], name="musiclib_album_created_idx"),
            models.Index(fields=["release_date", "id"], name="musiclib_album_released_idx"),
            models.Index(fields=["genre"], name="musiclib_album_genre_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class AlbumArtist(models.Model):
    """An artist credited on an album, in the order the credits are listed.

    An artist with albums cannot be deleted (``PROTECT``): the API answers 409.
    """

    album = models.ForeignKey(Album, on_delete=models.CASCADE, related_name="credits")
    artist = models.ForeignKey(Artist, on_delete=models.PROTECT, related_name="album_credits")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("album credit")
        verbose_name_plural = _("album credits")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["album", "artist"], name="musiclib_album_artist_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.artist} on {self.album}"
