"""Rules for the text people write: no control characters, and a bound the database keeps.

Text is stored as it was sent and always served as plain text (JSON strings), never as
HTML. What it may not hold are control characters (Unicode category Cc: U+0000-U+001F and
U+007F-U+009F), which no reader sees and which can hide or rewrite text where it is shown
or logged. A one-line text (a name, a title) takes none; a text of several lines (a
comment, a biography) takes line feeds, tabs, and carriage returns before a line feed
(``\\r\\n``, as browsers send a textarea in a form).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


def _is_control(character: str) -> bool:
    return unicodedata.category(character) == "Cc"


def first_control_character(text: str, *, multiline: bool) -> str | None:
    """The first control character ``text`` may not hold, or None."""
    for index, character in enumerate(text):
        if not _is_control(character):
            continue
        if multiline and (
            character in "\n\t" or (character == "\r" and text[index + 1 : index + 2] == "\n")
        ):
            continue
        return character
    return None


@deconstructible
class ControlCharacterValidator:
    """Refuses text with control characters; ``multiline`` allows line breaks and tabs."""

    def __init__(self, *, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, value: Any) -> None:
        character = first_control_character(str(value), multiline=self.multiline)
        if character is None:
            return
        if self.multiline:
            message = _(
                "Control characters other than line breaks and tabs are not allowed: U+%(code)04X."
            )
        else:
            message = _("Control characters (line breaks, tabs...) are not allowed: U+%(code)04X.")
        raise ValidationError(message, code="control_characters", params={"code": ord(character)})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ControlCharacterValidator) and other.multiline == self.multiline


#: For a name, a title, a genre: one line.
one_line = ControlCharacterValidator()
#: For a comment, a biography: several lines.
several_lines = ControlCharacterValidator(multiline=True)


def without_control_characters(text: str) -> str:
    """``text`` with each control character made a space (for text read from files)."""
    return "".join(" " if _is_control(character) else character for character in text)


def length_constraint(field: str, limit: int, name: str) -> models.CheckConstraint:
    """A check that ``field`` holds at most ``limit`` characters.

    A ``TextField``'s ``max_length`` bounds forms and serializers only; this makes the
    database refuse longer text too.
    """
    return models.CheckConstraint(
        condition=models.Q(LessThanOrEqual(Length(field), limit)), name=name
    )
