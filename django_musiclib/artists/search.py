"""Artist search: full text over the name, and names close to a misspelling."""

from __future__ import annotations

from django.db.models import QuerySet

from django_musiclib.api.search import Similar, search
from django_musiclib.artists.models import Artist

#: Artist names at least this close (trigram word similarity) to a search count as a typo
#: of it: "beatels" is 0.5 from "The Beatles".
TYPO_SIMILARITY = 0.5

_TABLE = Artist._meta.db_table

# The artists table is small next to songs; the similarity is computed for each name.
SIMILAR_NAMES = Similar(
    ids=f'SELECT id FROM "{_TABLE}" WHERE word_similarity(%s, name) >= {TYPO_SIMILARITY}',
    score=f'word_similarity(%s, "{_TABLE}"."name")',
)


def search_artists(queryset: QuerySet[Artist], text: str) -> QuerySet[Artist]:
    return search(queryset, text, similar=[SIMILAR_NAMES], fallback_fields=["name"])


def similar_artist_ids_sql() -> str:
    """SQL of the ids of artists whose name is close to the text (one ``%s``)."""
    return SIMILAR_NAMES.ids
