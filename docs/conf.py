"""Sphinx configuration of the django-musiclib documentation."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from django_musiclib import __version__  # noqa: E402

project = "django-musiclib"
author = "django-musiclib contributors"
copyright = "django-musiclib contributors"
version = __version__
release = __version__

extensions: list[str] = ["myst_parser"]

exclude_patterns = ["_build"]
html_theme = "furo"
html_title = f"django-musiclib {release}"

# The changelog page includes CHANGELOG.md under its own title, so the Markdown starts at
# its second heading level.
suppress_warnings = ["myst.header"]
