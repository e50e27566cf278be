from __future__ import annotations

from rest_framework import pagination

from django_musiclib.conf import musiclib_settings


class PageNumberPagination(pagination.PageNumberPagination):
    """Numbered pages; the client picks ``?page_size=`` up to ``MAX_PAGE_SIZE``."""

    page_size_query_param = "page_size"

    @property
    def page_size(self) -> int:  # type: ignore[override]
        return musiclib_settings.PAGE_SIZE

    @property
    def max_page_size(self) -> int:  # type: ignore[override]
        return musiclib_settings.MAX_PAGE_SIZE
