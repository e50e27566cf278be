from __future__ import annotations

from django.db.models import QuerySet

from django_musiclib.api.filters import FilterBackend
from django_musiclib.api.views import MusicLibModelViewSet
from django_musiclib.comments.filters import CommentFilter
from django_musiclib.comments.models import Comment


class CommentViewSet(MusicLibModelViewSet):
    """Comments on songs: anyone reads, the author edits, the author or a moderator removes."""

    permission_setting = "COMMENT_PERMISSION_CLASSES"
    owner_field = "author"
    default_ordering = "created_at"
    serializer_setting = "COMMENT_SERIALIZER"
    throttle_scopes = {"create": "comment"}
    filter_backends = [FilterBackend]
    filterset_class = CommentFilter

    def get_queryset(self) -> QuerySet[Comment]:
        return Comment.objects.select_related("author")
