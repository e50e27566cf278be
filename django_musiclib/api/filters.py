"""Filters shared by the apps' filter sets."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.request import Request

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


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, which leaves a list alone when no filter is asked for.

    A filter set copies each of its filters and validates a form on every request: on a
    list read with no filter (the usual case) that costs more than writing a page of rows.
    A filter is asked for when the query has a parameter of its name (or of its name and
    a suffix, as ``year_min`` for a range), or when it is required.
    """

    def filter_queryset(self, request: Request, queryset: QuerySet, view: Any) -> QuerySet:
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not any(
            query_filter.extra.get("required")
            or any(param == name or param.startswith(f"{name}_") for param in request.query_params)
            for name, query_filter in filterset_class.base_filters.items()
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)
