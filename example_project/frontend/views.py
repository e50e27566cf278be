"""The listening page: one HTML file; everything else happens in the browser, over the API."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/index.html")
