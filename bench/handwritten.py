"""A song list written by hand, to measure the API against."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, JsonResponse

PAGE_SIZE = 50


def hand_written_song_list(request: HttpRequest) -> JsonResponse:
    """The first page of songs as the API shows it, with the fewest queries we know:
    ``values()`` rows, one query for the credits, and no serializer."""
    from django_musiclib.songs.models import Reaction, Song, SongArtist

    names = {1: "like", -1: "dislike"}
    mine = Reaction.objects.filter(song=OuterRef("pk"), user=request.user).values("value")[:1]
    rows = list(
        Song.objects.order_by("-created_at", "-id")
        .annotate(mine=Subquery(mine))
        .values(
            "id", "title", "album_id", "album__title", "track_number", "disc_number",
            "duration", "genre", "like_count", "dislike_count", "mine", "created_by_id",
            "audio", "source_path", "audio_mime_type", "audio_size", "bitrate", "sample_rate",
            "audio_checksum",
            "created_at", "updated_at",
        )[:PAGE_SIZE]
    )  # fmt: skip
    artists: dict[int, list[dict[str, object]]] = {}
    for song_id, artist_id, name in (
        SongArtist.objects.filter(song_id__in=[row["id"] for row in rows])
        .order_by("position")
        .values_list("song_id", "artist_id", "artist__name")
    ):
        artists.setdefault(song_id, []).append({"id": artist_id, "name": name})
    results = [
        {
            "id": row["id"],
            "title": row["title"],
            "artists": artists.get(row["id"], []),
            "album": {"id": row["album_id"], "title": row["album__title"]}
            if row["album_id"]
            else None,
            "track_number": row["track_number"],
            "disc_number": row["disc_number"],
            "duration": row["duration"],
            "genre": row["genre"],
            "audio": {
                "url": request.build_absolute_uri(f"/api/songs/{row['id']}/stream"),
                "mime_type": row["audio_mime_type"],
                "size": row["audio_size"],
                "bitrate": row["bitrate"],
                "sample_rate": row["sample_rate"],
                "checksum": row["audio_checksum"],
            }
            if row["audio"] or row["source_path"]
            else None,
            "like_count": row["like_count"],
            "dislike_count": row["dislike_count"],
            "my_reaction": names.get(row["mine"]),
            "created_by": row["created_by_id"],
            "created_at": row["created_at"].isoformat().replace("+00:00", "Z"),
            "updated_at": row["updated_at"].isoformat().replace("+00:00", "Z"),
        }
        for row in rows
    ]
    return JsonResponse({"results": results})
