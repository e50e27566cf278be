"""What ``comments`` holds about a user, for the data export: the comments they wrote."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from django_musiclib.api.user_data import UserDataSection
from django_musiclib.comments.models import Comment
from django_musiclib.songs.user_data import SongReferenceSerializer


class ExportedCommentSerializer(serializers.ModelSerializer):
    song = SongReferenceSerializer(read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "song", "parent", "body", "created_at", "updated_at", "edited_at"]
        read_only_fields = fields
        extra_kwargs = {"parent": {"help_text": _("Id of the comment this one replies to.")}}


def comments(user: Any) -> QuerySet:
    return (
        Comment.objects.filter(author=user)
        .select_related("song")
        .only(
            "parent",
            "body",
            "created_at",
            "updated_at",
            "edited_at",
            "song__id",
            "song__title",
        )
        .order_by("created_at", "id")
    )


APP = "django_musiclib.comments"
SECTIONS = [UserDataSection("comments", ExportedCommentSerializer, comments, app=APP)]
