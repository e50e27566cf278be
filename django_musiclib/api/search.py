"""Search over the stored vectors on PostgreSQL, and a plain match elsewhere.

On PostgreSQL a query matches a row when

- its words match the row's ``search_vector`` (accents ignored, the last word matched as a
  prefix, since people search as they type), or
- it is close, by trigram similarity, to a name or title (a typo: "beatels"), as long as
  the words as written find few rows.

Each way is answered by an index, and the matching ids are gathered first (an array the
planner sees as small) and then looked up by primary key, so the cost follows the number
of matches, not the size of the table. Rows are ranked by
full-text rank plus trigram similarity. On other databases every word must occur,
case-insensitively, in one of the given fields.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connections
from django.db.models import BooleanField, FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

#: The longest search text looked at, in characters, and the most words.
MAX_LENGTH = 200
MAX_WORDS = 8
#: Typos are looked for when the words as written match fewer rows than this.
TYPOS_BELOW = 20
#: The most matches a search ranks, of each way of matching. Ranking reads every match, so
#: a word found in half the library ("the") would cost a scan of half of it; past this
#: many, the first matches found through the index are ranked and the rest left out.
MAX_MATCHES = 2000

_WORD = re.compile(r"\w+")
_TSQUERY = "to_tsquery('simple', unaccent(%s))"


@dataclass(frozen=True)
class Similar:
    """A way to find rows whose text is close to the search text.

    ``ids`` is SQL selecting the ids of such rows, with one ``%s`` for the text (write
    ``%%`` for a literal ``%``, as in the trigram operator ``<%%``). ``score`` is an
    optional SQL expression over the row being ranked, also with one ``%s``, added to its
    rank.
    """

    ids: str
    score: str = ""


def words(text: str) -> list[str]:
    """The words of a search, lower-cased, without punctuation or operators."""
    return _WORD.findall(text[:MAX_LENGTH].lower())[:MAX_WORDS]


def tsquery(found: list[str]) -> str:
    """A ``to_tsquery`` text: every word required, the last one as a prefix."""
    return " & ".join([*found[:-1], f"{found[-1]}:*"])


def search(
    queryset: QuerySet,
    text: str,
    *,
    similar: Sequence[Similar] = (),
    fallback_fields: Sequence[str],
) -> QuerySet:
    """Rows of ``queryset`` that match ``text``, annotated with ``search_rank``."""
    found = words(text)
    if not found:
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField())).none()
    if connections[queryset.db].vendor == "postgresql":
        return _search_postgres(queryset, " ".join(found), found, similar)
    return _search_plain(queryset, found, fallback_fields)


def _search_postgres(
    queryset: QuerySet, text: str, found: list[str], similar: Sequence[Similar]
) -> QuerySet:
    table = queryset.model._meta.db_table
    query = tsquery(found)
    # The rows the words match, found once; typos are looked for only when those are few
    # (a condition PostgreSQL checks before it runs a trigram scan at all).
    sources = ["SELECT id FROM exact"]
    sources += [
        f"(SELECT * FROM ({way.ids}) typo "
        f"WHERE (SELECT count(*) FROM (SELECT 1 FROM exact LIMIT {TYPOS_BELOW}) few) "
        f"< {TYPOS_BELOW} LIMIT {MAX_MATCHES})"
        for way in similar
    ]
    matches = RawSQL(
        f'"{table}"."id" = ANY(ARRAY('
        f'WITH exact AS MATERIALIZED (SELECT id FROM "{table}" '
        f"WHERE search_vector @@ {_TSQUERY} LIMIT {MAX_MATCHES}) "
        f"{' UNION '.join(sources)}))",
        [query] + [text] * len(similar),
        output_field=BooleanField(),
    )
    # A row the words match ranks by full-text rank; a row found through a typo, by how
    # close its text is. Both are ``real``: cast to ``double precision`` so that the rank
    # a page ends at reads back exactly, or a cursor (rank < 0.0607927) finds that row
    # again (its real rank 0.06079269945...) and ``next`` never ends.
    # The query is made once, in a subquery: as an expression of the row, unaccent() and
    # to_tsquery() would run twice for every match ranked.
    scores = [way.score for way in similar if way.score] or ["0"]
    rank = RawSQL(
        f'CAST(CASE WHEN "{table}"."search_vector" @@ (SELECT {_TSQUERY}) '
        f'THEN ts_rank("{table}"."search_vector", (SELECT {_TSQUERY})) '
        f"ELSE {' + '.join(scores)} END AS double precision)",
        [query, query] + [text] * sum(1 for way in similar if way.score),
        output_field=FloatField(),
    )
    return queryset.filter(matches).annotate(search_rank=rank)


def _search_plain(
    queryset: QuerySet, found: list[str], fallback_fields: Sequence[str]
) -> QuerySet:
    condition = Q()
    for word in found:
        any_field = Q()
        for field in fallback_fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    # Matching through a to-many relation repeats rows; a subquery of ids does not.
    ids = queryset.model._default_manager.filter(condition).values("pk")
    return queryset.filter(pk__in=ids).annotate(search_rank=Value(0.0, output_field=FloatField()))
