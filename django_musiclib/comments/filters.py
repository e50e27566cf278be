from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from django_musiclib.api.filters import IdFilter
from django_musiclib.comments.models import Comment


class CommentFilter(django_filters.FilterSet):
    # Ids, as on the other lists: one that names nothing matches nothing.
    song = IdFilter(field_name="song_id", help_text=_("Comments on this song id."))
    parent = IdFilter(field_name="parent_id", help_text=_("Replies to this comment id."))
    author = IdFilter(field_name="author_id", help_text=_("Comments by this user id."))

    class Meta:
        model = Comment
        fields = ["song", "parent", "author"]
