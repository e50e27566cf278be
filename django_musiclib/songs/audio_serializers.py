"""A song's audio in the API: uploaded as a file, read back as facts and a stream URL.

With a file, the tags fill what the client left empty (title, artists, album, track and
disc numbers, genre; the album's release date and genre when the album is new), artists
and the album are found by name or created, and the file decides the duration, type,
size, bitrate, sample rate and checksum.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers
from rest_framework.reverse import reverse

from django_musiclib.api.db import check_deferred_constraints
from django_musiclib.api.exceptions import Conflict, PayloadTooLarge
from django_musiclib.conf import musiclib_settings
from django_musiclib.songs.audio import AudioError, AudioFacts, Tags, inspect
from django_musiclib.songs.audio_services import (
    CatalogResolver,
    audio_values,
    delete_stored_audio_later,
    set_cover_later,
    stored_file,
)
from django_musiclib.songs.models import Song


class DuplicateAudio(Conflict):
    """The uploaded file is already the audio of another song (HTTP 409)."""

    def __init__(self, song_id: int, title: str) -> None:
        self.song_id = song_id
        super().__init__(
            gettext("This file is already the audio of song %(id)s, “%(title)s”.")
            % {"id": song_id, "title": title}
        )


def _raise_duplicate(checksum: str) -> None:
    """Raise :class:`DuplicateAudio` if a song has the file ``checksum``."""
    found = Song.objects.filter(audio_checksum=checksum).values("pk", "title").first()
    if found:
        raise DuplicateAudio(found["pk"], found["title"])


class AudioField(serializers.FileField):
    """Written as a file (multipart); read as ``{"url", "mime_type", "size", ...}`` or null.

    The object describes the song's audio wherever it lives: uploaded, copied into the
    storage or linked in place by ``musiclib_import``.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    # Read from the whole song, not from its file field.
    def get_attribute(self, instance: Song) -> Song:  # type: ignore[override]
        return instance

    def to_representation(self, song: Song) -> dict[str, Any] | None:  # type: ignore[override]
        if not song.has_audio:
            return None
        return audio_representation(
            stream_url_maker(self.context.get("request"))(song.pk),
            mime_type=song.audio_mime_type,
            size=song.audio_size,
            bitrate=song.bitrate,
            sample_rate=song.sample_rate,
            checksum=song.audio_checksum,
        )


def stream_url_maker(request: Any) -> Callable[[Any], str]:
    """A function that gives the stream URL of a song id, with one ``reverse()`` for all
    of them: a list of songs writes one URL a song."""
    placeholder = "0musiclib0"
    url = reverse("musiclib:song-stream", kwargs={"pk": placeholder}, request=request)
    head, _, tail = url.rpartition(placeholder)
    return lambda song_id: f"{head}{song_id}{tail}"


def audio_representation(
    url: str,
    *,
    mime_type: str,
    size: int | None,
    bitrate: int | None,
    sample_rate: int | None,
    checksum: str | None,
) -> dict[str, Any]:
    """How the API shows the audio of a song that has some (see :class:`AudioField`)."""
    return {
        "url": url,
        "mime_type": mime_type,
        "size": size,
        "bitrate": bitrate,
        "sample_rate": sample_rate,
        "checksum": checksum,
    }


class AudioFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "django_musiclib.songs.audio_serializers.AudioField"

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        if direction == "request":
            return {
                "type": "string",
                "format": "binary",
                "description": "An audio file (MP3, FLAC, Ogg Vorbis, Opus, M4A/AAC or WAV), "
                "sent as multipart/form-data. Its tags fill the fields left empty.",
            }
        return {
            "type": "object",
            "nullable": True,
            "description": "The song's audio, or null when it has none.",
            "properties": {
                "url": {"type": "string", "format": "uri", "description": "Where to stream it."},
                "mime_type": {"type": "string"},
                "size": {"type": "integer", "description": "In bytes."},
                "bitrate": {"type": "integer", "nullable": True, "description": "Bits/s."},
                "sample_rate": {"type": "integer", "nullable": True, "description": "In Hz."},
                "checksum": {"type": "string", "description": "SHA-256, hexadecimal."},
            },
            "required": ["url", "mime_type", "size", "bitrate", "sample_rate", "checksum"],
        }


def _uploads_audio(data: Any) -> bool:
    return hasattr(data, "get") and data.get("audio") not in (None, "")


class AudioUploadMixin:
    """Lets ``SongSerializer`` take an ``audio`` file, and fill fields from its tags."""

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()  # type: ignore[misc]
        if _uploads_audio(getattr(self, "initial_data", None)):
            # The tags may provide them; validate() says so when they do not.
            fields["title"].required = False
            fields["artists"].required = False
            fields["artists"].allow_empty = True
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)  # type: ignore[misc]
        upload = attrs.get("audio")
        if upload is None:
            return attrs
        limit = musiclib_settings.AUDIO_MAX_UPLOAD_SIZE
        if upload.size > limit:
            raise PayloadTooLarge(
                gettext("The file is %(size)d bytes; the largest accepted is %(limit)d bytes.")
                % {"size": upload.size, "limit": limit}
            )
        try:
            facts = inspect(upload.file, cover_max_size=musiclib_settings.COVER_MAX_SIZE)
        except AudioError as exc:
            raise serializers.ValidationError({"audio": [exc.translated()]}) from exc
        instance: Song | None = getattr(self, "instance", None)
        others = Song.objects.filter(audio_checksum=facts.checksum)
        if instance is not None:
            others = others.exclude(pk=instance.pk)
        duplicate = others.values("pk", "title").first()
        if duplicate:
            raise DuplicateAudio(duplicate["pk"], duplicate["title"])
        self._fill_from_tags(attrs, facts.tags, instance)
        attrs["audio_facts"] = facts
        return attrs

    @staticmethod
    def _fill_from_tags(attrs: dict[str, Any], tags: Tags, song: Song | None) -> None:
        def empty(name: str) -> bool:
            value = attrs[name] if name in attrs else getattr(song, name, None)
            return value in (None, "", [])

        limits = {"title": 200, "genre": 100}
        for name in ("title", "track_number", "disc_number", "genre"):
            value = getattr(tags, name)
            if empty(name) and value:
                attrs[name] = value[: limits[name]] if name in limits else value
        if song is None:
            if not attrs.get("title"):
                raise serializers.ValidationError(
                    {"title": [gettext("The file has no title tag: send a title.")]}
                )
            if not attrs.get("artists"):
                names = tags.artists or tags.album_artists
                if not names:
                    raise serializers.ValidationError(
                        {"artists": [gettext("The file names no artist: send artists.")]}
                    )
                attrs.pop("artists", None)
                attrs["artist_names"] = names
        if empty("album") and tags.album:
            attrs["album_tags"] = tags

    def _resolve_tags(self, validated_data: dict[str, Any], song: Song | None) -> None:
        """Turn the names from the tags into artists and an album, found or created."""
        request = self.context.get("request")  # type: ignore[attr-defined]
        resolver = CatalogResolver(getattr(request, "user", None))
        names = validated_data.pop("artist_names", None)
        if names:
            validated_data["artists"] = resolver.artists(names)
        tags: Tags | None = validated_data.pop("album_tags", None)
        if tags is not None:
            if tags.album_artists:
                album_artists = resolver.artists(tags.album_artists)
            elif "artists" in validated_data:
                album_artists = validated_data["artists"]
            else:
                assert song is not None  # a new song is given its artists by validation
                album_artists = [credit.artist for credit in song.credits.select_related("artist")]
            validated_data["album"] = resolver.album(
                tags.album, album_artists, release_date=tags.release_date, genre=tags.genre
            )

    def create(self, validated_data: dict[str, Any]) -> Song:
        facts: AudioFacts | None = validated_data.pop("audio_facts", None)
        if facts is None:
            return super().create(validated_data)  # type: ignore[misc]
        upload = validated_data.pop("audio")
        with stored_file(upload.file, facts) as name:
            try:
                with transaction.atomic():
                    self._resolve_tags(validated_data, None)
                    validated_data.update(audio_values(facts), audio=name)
                    song = super().create(validated_data)  # type: ignore[misc]
                    # Inside the block, so the file goes if the database refuses the song.
                    check_deferred_constraints()
            except IntegrityError:
                # The same file, uploaded at the same moment for another song.
                _raise_duplicate(facts.checksum)
                raise
        set_cover_later(song.album, facts.tags.cover)
        return song

    def update(self, instance: Song, validated_data: dict[str, Any]) -> Song:
        facts: AudioFacts | None = validated_data.pop("audio_facts", None)
        if facts is None:
            return super().update(instance, validated_data)  # type: ignore[misc]
        upload = validated_data.pop("audio")
        previous = instance.audio.name
        with stored_file(upload.file, facts) as name:
            try:
                with transaction.atomic():
                    self._resolve_tags(validated_data, instance)
                    # An uploaded file replaces one that musiclib_import linked in place.
                    validated_data.update(
                        audio_values(facts), audio=name, source_path=None, source_mtime_ns=None
                    )
                    song = super().update(instance, validated_data)  # type: ignore[misc]
                    check_deferred_constraints()
            except IntegrityError:
                _raise_duplicate(facts.checksum)
                raise
        delete_stored_audio_later(previous)
        set_cover_later(song.album, facts.tags.cover)
        return song
