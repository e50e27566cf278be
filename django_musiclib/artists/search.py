"""Artist search: full text over the name, and names close to a misspelling."""

from __future__ import annotations

from django.db.models import Model, QuerySet

from django_musiclib.api.search import Similar, search
from django_musiclib.artists.models import Artist

_TABLE = Artist._meta.db_table

# For each word of the search, the words of artist names close to it (trigram similarity,
# through the index of musiclib_artist_word: "beatels" finds "beatles"); then the artists
# whose name has, for every word of the search, one of its close words. A search word that
# is close to no name word finds nothing.
SIMILAR_NAMES = Similar(
    ids=f"""WITH typed AS (
            SELECT ordinality AS n, word
            FROM unnest(string_to_array(unaccent(%s), ' ')) WITH ORDINALITY AS t(word)),
        close AS (
            SELECT typed.n, string_agg(quote_literal(known.word), ' | ') AS words
            FROM typed JOIN musiclib_artist_word known ON known.word %% typed.word
            GROUP BY typed.n)
        SELECT id FROM "{_TABLE}" WHERE search_vector @@ (
            SELECT to_tsquery('simple', string_agg('(' || words || ')', ' & '))
            FROM close
            HAVING count(*) = (SELECT count(*) FROM typed))""",
    score=f'word_similarity(%s, "{_TABLE}"."name")',
)


def search_artists(queryset: QuerySet[Artist], text: str) -> QuerySet[Artist]:
    return search(queryset, text, similar=[SIMILAR_NAMES], fallback_fields=["name"])


def similar_credited(model: type[Model], credits: type[Model], fk: str) -> list[Similar]:
    """The typos an album or a song is found by: a misspelled title, through the trigram
    index on ``title``, or a misspelled name of an artist its ``credits`` table credits
    (``fk`` is that table's column of the album or song id)."""
    table, credits_table = model._meta.db_table, credits._meta.db_table
    return [
        Similar(
            ids=f'SELECT id FROM "{table}" WHERE %s <%% title',
            score=f'word_similarity(%s, "{table}"."title")',
        ),
        Similar(
            ids=f'SELECT {fk} FROM "{credits_table}" '
            f"WHERE artist_id = ANY(ARRAY({SIMILAR_NAMES.ids}))"
        ),
    ]
