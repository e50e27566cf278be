from __future__ import annotations

import django_filters

from django_musiclib.comments.models import Comment


class CommentFilter(django_filters.FilterSet):
    class Meta:
        model = Comment
        fields = ["song", "parent", "author"]
