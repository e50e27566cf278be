from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from django_musiclib.api.text import length_constraint, several_lines
from django_musiclib.conf import COMMENT_BODY_LIMIT
from django_musiclib.songs.models import Song


class Comment(models.Model):
    """A comment on a song, maybe replying to another comment on the same song.

    ``author`` is NULL once the author's account is deleted and the comment kept
    (``MUSICLIB["COMMENTS_ON_ACCOUNT_DELETE"] = "anonymize"``). Replies outlive the
    comment they answer.
    """

    song = models.ForeignKey(
        Song, on_delete=models.CASCADE, related_name="comments", verbose_name=_("song")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="musiclib_comments",
        verbose_name=_("author"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    body = models.TextField(_("body"), max_length=COMMENT_BODY_LIMIT, validators=[several_lines])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["song", "created_at", "id"], name="musiclib_comment_song_idx"),
            models.Index(fields=["created_at", "id"], name="musiclib_comment_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(body=""), name="musiclib_comment_body_not_empty"
            ),
            length_constraint("body", COMMENT_BODY_LIMIT, "musiclib_comment_body_length"),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.song_id}"
