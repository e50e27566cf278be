from __future__ import annotations

from typing import Any

from django_musiclib.comments.models import Comment
from django_musiclib.conf import musiclib_settings


def handle_comments_of_deleted_user(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Delete or anonymize a deleted user's comments, as ``COMMENTS_ON_ACCOUNT_DELETE`` says."""
    comments = Comment.objects.filter(author=instance)
    if musiclib_settings.COMMENTS_ON_ACCOUNT_DELETE == "delete":
        comments.delete()
    else:
        comments.update(author=None)
