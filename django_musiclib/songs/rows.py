"""Song lists written straight from database rows.

A list of songs is where the cost of each song adds up: a model instance per song, more
instances for its prefetched album, artists and reaction, and DRF's serialization of
each of them field by field. With the default ``MUSICLIB["SONG_SERIALIZER"]``, lists read
``values()`` rows instead: the album's title and the caller's reaction come in the same
query as the songs, one more query finds the credited artists of them all, and the
representation is written from the rows. It is the one :class:`SongSerializer` gives, to
the byte; a host that configures another serializer gets DRF's way, so serializers stay
swappable.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections
from django.db.models import CharField, IntegerField, QuerySet, Value
from django.db.models.expressions import RawSQL
from rest_framework import serializers

from django_musiclib.albums.models import Album
from django_musiclib.songs.audio_serializers import audio_representation, stream_url_maker
from django_musiclib.songs.models import Reaction, Song, SongArtist
from django_musiclib.songs.serializers import REACTION_NAMES, SongSerializer

# The columns of a song that its representation reads, besides the annotations below.
SONG_COLUMNS = (
    "id", "title", "album_id", "track_number", "disc_number", "duration", "genre",
    "audio", "source_path", "audio_mime_type", "audio_size", "bitrate", "sample_rate",
    "audio_checksum", "like_count", "dislike_count", "created_by_id", "created_at",
    "updated_at",
)  # fmt: skip


def serves(serializer_class: type) -> bool:
    """Whether songs shown by ``serializer_class`` can be written from rows: only by the
    default serializer itself, since a subclass may add or change fields."""
    return serializer_class is SongSerializer


def song_rows(queryset: QuerySet[Song], user: Any) -> QuerySet[Song, dict[str, Any]]:
    """``queryset`` as ``values()`` rows with what :func:`represent` needs.

    The album's title and ``user``'s reaction are subqueries rather than joins, so
    PostgreSQL evaluates them only for the rows a page returns, after a search has ranked
    all of its matches. They are written in SQL: built with the ORM, each would cost more
    to compose than the rest of the query. The queryset's annotations (a search rank, a
    release date to order by) stay in the rows, for the cursor of a page.
    """
    quote = connections[queryset.db].ops.quote_name
    song = quote(Song._meta.db_table)
    album_title = RawSQL(
        f"SELECT title FROM {quote(Album._meta.db_table)} WHERE id = {song}.album_id",
        (),
        output_field=CharField(),
    )
    mine: Any = Value(None, output_field=IntegerField())
    if user is not None and user.is_authenticated:
        mine = RawSQL(
            f"SELECT value FROM {quote(Reaction._meta.db_table)} "
            f"WHERE song_id = {song}.id AND user_id = %s",
            (user.pk,),
            output_field=IntegerField(),
        )
    rows = queryset.annotate(album_title=album_title, my_reaction_value=mine)
    return rows.values(*SONG_COLUMNS, *rows.query.annotations)


def represent(rows: Sequence[dict[str, Any]], request: Any) -> list[dict[str, Any]]:
    """The songs of ``rows`` (from :func:`song_rows`) as :class:`SongSerializer` shows
    them, with one query for their credited artists."""
    artists: dict[int, list[dict[str, Any]]] = {row["id"]: [] for row in rows}
    credits = (
        SongArtist.objects.filter(song_id__in=list(artists))
        .order_by("position", "id")
        .values_list("song_id", "artist_id", "artist__name")
    )
    for song_id, artist_id, name in credits:
        artists[song_id].append({"id": artist_id, "name": name})
    # Dates are formatted by the field SongSerializer has for them, as the REST_FRAMEWORK
    # settings and the current time zone say; the time zone is looked up once, not twice
    # a song.
    zone = serializers.DateTimeField().default_timezone()
    date_time = serializers.DateTimeField(default_timezone=zone)
    stream_url = stream_url_maker(request)
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "artists": artists[row["id"]],
            "album": (
                {"id": row["album_id"], "title": row["album_title"]}
                if row["album_id"] is not None
                else None
            ),
            "track_number": row["track_number"],
            "disc_number": row["disc_number"],
            "duration": row["duration"],
            "genre": row["genre"],
            "audio": (
                audio_representation(
                    stream_url(row["id"]),
                    mime_type=row["audio_mime_type"],
                    size=row["audio_size"],
                    bitrate=row["bitrate"],
                    sample_rate=row["sample_rate"],
                    checksum=row["audio_checksum"],
                )
                # As Song.has_audio: a file in the storage, or one linked in place.
                if row["audio"] or row["source_path"]
                else None
            ),
            "like_count": row["like_count"],
            "dislike_count": row["dislike_count"],
            "my_reaction": REACTION_NAMES.get(row["my_reaction_value"]),
            "created_by": row["created_by_id"],
            "created_at": date_time.to_representation(row["created_at"]),
            "updated_at": date_time.to_representation(row["updated_at"]),
        }
        for row in rows
    ]
