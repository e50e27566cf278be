from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from django_musiclib.api.text import several_lines
from django_musiclib.api.users import PublicUserField
from django_musiclib.comments.models import Comment
from django_musiclib.conf import musiclib_settings


class CommentSerializer(serializers.ModelSerializer):
    """A comment. ``song`` and ``parent`` are set when posting and cannot change after."""

    author = PublicUserField()

    class Meta:
        model = Comment
        fields = [
            "id",
            "song",
            "parent",
            "author",
            "body",
            "created_at",
            "updated_at",
            "edited_at",
        ]
        read_only_fields = ["created_at", "updated_at", "edited_at"]
        extra_kwargs = {
            "parent": {"help_text": _("Id of the comment this one replies to, on the same song.")},
        }

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["body"] = serializers.CharField(
            max_length=musiclib_settings.COMMENT_MAX_LENGTH,
            validators=[several_lines],
            help_text=_("The text of the comment, as plain text."),
        )
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None:
            for name in ("song", "parent"):
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise serializers.ValidationError(
                        {
                            name: [
                                gettext("A comment's %(field)s cannot be changed.")
                                % {"field": name}
                            ]
                        }
                    )
        song = attrs.get("song", getattr(self.instance, "song", None))
        parent = attrs.get("parent")
        if parent is not None and song is not None and parent.song_id != song.pk:
            raise serializers.ValidationError(
                {
                    "parent": [
                        gettext("A reply must be on the same song as the comment it answers.")
                    ]
                }
            )
        return attrs

    def update(self, instance: Comment, validated_data: dict[str, Any]) -> Comment:
        if "body" in validated_data and validated_data["body"] != instance.body:
            validated_data["edited_at"] = timezone.now()
        with transaction.atomic():
            return super().update(instance, validated_data)
