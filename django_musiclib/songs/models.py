from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from django_musiclib.albums.models import Album
from django_musiclib.api.db import SearchVectorField
from django_musiclib.api.storage import musiclib_storage
from django_musiclib.api.text import one_line
from django_musiclib.artists.models import Artist, CatalogModel


class Song(CatalogModel):
    server_kept_fields = ("search_vector", "like_count", "dislike_count")

    title = models.CharField(_("title"), max_length=200, validators=[one_line])
    artists = models.ManyToManyField(
        Artist,
        through="SongArtist",
        related_name="songs",
        verbose_name=_("artists"),
    )
    album = models.ForeignKey(
        Album,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="songs",
        verbose_name=_("album"),
    )
    track_number = models.PositiveSmallIntegerField(
        _("track number"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(999)],
    )
    disc_number = models.PositiveSmallIntegerField(
        _("disc number"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )
    duration = models.PositiveIntegerField(
        _("duration"),
        null=True,
        blank=True,
        help_text=_("Length in seconds."),
        validators=[MinValueValidator(1), MaxValueValidator(7 * 24 * 3600)],
    )
    genre = models.CharField(_("genre"), max_length=100, blank=True, validators=[one_line])
    like_count = models.PositiveIntegerField(_("likes"), default=0, editable=False)
    dislike_count = models.PositiveIntegerField(_("dislikes"), default=0, editable=False)
    # Title, artist names and album title, weighted in that order; kept by database
    # triggers on PostgreSQL.
    search_vector = SearchVectorField()
    # The audio: a file in the storage (uploaded, or copied by musiclib_import), or a file
    # that musiclib_import linked in place at source_path. See songs/audio.py.
    audio = models.FileField(
        _("audio file"), storage=musiclib_storage, max_length=255, blank=True, editable=False
    )
    audio_mime_type = models.CharField(_("audio type"), max_length=50, blank=True, editable=False)
    audio_size = models.PositiveBigIntegerField(_("audio size"), null=True, editable=False)
    # SHA-256 of the audio file, hex: the same file is never stored twice. NULL, not "",
    # for a song without audio, so that the unique constraint holds only between files.
    audio_checksum = models.CharField(  # noqa: DJ001
        _("audio checksum"), max_length=64, null=True, unique=True, editable=False
    )
    bitrate = models.PositiveIntegerField(_("bitrate"), null=True, editable=False)
    sample_rate = models.PositiveIntegerField(_("sample rate"), null=True, editable=False)
    # Where musiclib_import found the file, and its size and modification time then, so a
    # re-run can skip files that have not changed. NULL when not imported (unique otherwise).
    source_path = models.CharField(  # noqa: DJ001
        _("source path"), max_length=1024, null=True, unique=True, editable=False
    )
    source_mtime_ns = models.BigIntegerField(
        _("source modification time"), null=True, editable=False
    )

    class Meta:
        verbose_name = _("song")
        verbose_name_plural = _("songs")
        ordering = ["-created_at", "-id"]
        # One index per ordering the API offers, each ending in the id for keyset pages.
        indexes = [
            models.Index(fields=["title", "id"], name="musiclib_song_title_idx"),
            models.Index(fields=["created_at", "id"], name="musiclib_song_created_idx"),
            models.Index(fields=["like_count", "id"], name="musiclib_song_likes_idx"),
            models.Index(fields=["genre"], name="musiclib_song_genre_idx"),
            models.Index(fields=["duration"], name="musiclib_song_duration_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(track_number__isnull=True) | models.Q(track_number__gte=1),
                name="musiclib_song_track_number_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(disc_number__isnull=True) | models.Q(disc_number__gte=1),
                name="musiclib_song_disc_number_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(duration__isnull=True) | models.Q(duration__gte=1),
                name="musiclib_song_duration_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(like_count__gte=0) & models.Q(dislike_count__gte=0),
                name="musiclib_song_counts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_audio(self) -> bool:
        return bool(self.audio.name or self.source_path)


class SongArtist(models.Model):
    """An artist credited on a song, in the order the credits are listed.

    An artist with songs cannot be deleted (``PROTECT``): the API answers 409.
    """

    song = models.ForeignKey(Song, on_delete=models.CASCADE, related_name="credits")
    artist = models.ForeignKey(Artist, on_delete=models.PROTECT, related_name="song_credits")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("song credit")
        verbose_name_plural = _("song credits")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["song", "artist"], name="musiclib_song_artist_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.artist} on {self.song}"


class Reaction(models.Model):
    """A user's like or dislike of a song: at most one per user and song."""

    class Value(models.IntegerChoices):
        LIKE = 1, _("like")
        DISLIKE = -1, _("dislike")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="musiclib_reactions",
        verbose_name=_("user"),
    )
    song = models.ForeignKey(
        Song, on_delete=models.CASCADE, related_name="reactions", verbose_name=_("song")
    )
    value = models.SmallIntegerField(_("value"), choices=Value.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(fields=["user", "song"], name="musiclib_reaction_once"),
            models.CheckConstraint(
                condition=models.Q(value__in=[1, -1]), name="musiclib_reaction_value_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_value_display()}s {self.song}"


def counter_field(value: int) -> str:
    """The ``Song`` counter that a reaction of this value adds to."""
    return "like_count" if value == Reaction.Value.LIKE else "dislike_count"
