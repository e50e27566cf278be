"""Filters shared by the apps' filter sets."""

from __future__ import annotations

import django_filters
from django import forms

#: The largest value of a 64-bit id column.
MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """A positive whole number that fits a 64-bit column (an id, a count), or 400."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A year between 1 and 9999, or 400."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


class SearchFilter(django_filters.CharFilter):
    """``?search=``: calls the filter set's ``filter_search(queryset, name, text)``."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("method", "filter_search")
        super().__init__(*args, **kwargs)
