"""Reading audio files: their type, technical facts, tags, cover art and checksum.

The type of a file is decided by its first bytes, never by its name, and only then is the
matching mutagen class asked to read it. mutagen reads headers and tags, not the whole
file, and the checksum is computed in chunks, so memory does not grow with the file.

This module needs neither the database nor Django's settings: ``musiclib_import`` runs it
in worker processes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

import mutagen
from django.utils.translation import gettext, gettext_noop
from mutagen.aac import AAC
from mutagen.flac import FLAC, Picture
from mutagen.id3 import ID3
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4, MP4Cover
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

from django_musiclib.api.text import without_control_characters

CHUNK_SIZE = 64 * 1024


class AudioError(ValueError):
    """A file that cannot be taken as audio; the message says why, for a person.

    ``str()`` gives the English sentence without touching Django's settings (an import
    worker has none); :meth:`translated` gives it in the active language.
    """

    def __init__(self, message: str, **params: str) -> None:
        self.message = message
        self.params = params
        super().__init__(message % params)

    def translated(self) -> str:
        return gettext(self.message) % self.params


@dataclass(frozen=True)
class AudioFormat:
    name: str
    mime_type: str
    extension: str
    reader: type[mutagen.FileType]


MP3_FORMAT = AudioFormat("MP3", "audio/mpeg", "mp3", MP3)
FLAC_FORMAT = AudioFormat("FLAC", "audio/flac", "flac", FLAC)
VORBIS_FORMAT = AudioFormat("Ogg Vorbis", "audio/ogg", "ogg", OggVorbis)
OPUS_FORMAT = AudioFormat("Opus", "audio/ogg", "opus", OggOpus)
MP4_FORMAT = AudioFormat("M4A", "audio/mp4", "m4a", MP4)
AAC_FORMAT = AudioFormat("AAC", "audio/aac", "aac", AAC)
WAV_FORMAT = AudioFormat("WAV", "audio/wav", "wav", WAVE)

#: File name endings that ``musiclib_import`` looks at; the content still decides.
AUDIO_EXTENSIONS = frozenset(
    {".mp3", ".flac", ".ogg", ".oga", ".opus", ".m4a", ".mp4"} | {".aac", ".wav"}
)

#: How many bytes :func:`detect` reads first.
SNIFF_SIZE = 64


def detect(fileobj: IO[bytes]) -> AudioFormat | None:
    """The format of the open file ``fileobj`` by its signature, or None."""
    fileobj.seek(0)
    head = fileobj.read(SNIFF_SIZE)
    if head.startswith(b"ID3") and len(head) >= 10:
        # An ID3v2 tag opens MP3 files, and sometimes AAC (ADTS) ones: look past it.
        size = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]
        footer = 10 if head[5] & 0x10 else 0
        fileobj.seek(10 + size + footer)
        frame = fileobj.read(4)
        return _frame_format(frame) or (MP3_FORMAT if not frame else None)
    if head.startswith(b"fLaC"):
        return FLAC_FORMAT
    if head.startswith(b"OggS"):
        if b"\x01vorbis" in head:
            return VORBIS_FORMAT
        if b"OpusHead" in head:
            return OPUS_FORMAT
        return None
    if head[4:8] == b"ftyp":
        return MP4_FORMAT
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return WAV_FORMAT
    return _frame_format(head)


def _frame_format(head: bytes) -> AudioFormat | None:
    """MP3 or AAC (ADTS) by an MPEG audio frame sync; layer bits 00 mean ADTS."""
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return AAC_FORMAT if head[1] & 0x06 == 0 else MP3_FORMAT
    return None


@dataclass
class Cover:
    data: bytes
    mime_type: str


@dataclass
class Tags:
    """The tags django-musiclib uses, each empty when the file does not have it."""

    title: str = ""
    artists: list[str] = field(default_factory=list)
    album: str = ""
    album_artists: list[str] = field(default_factory=list)
    track_number: int | None = None
    disc_number: int | None = None
    release_date: date | None = None
    genre: str = ""
    cover: Cover | None = None
    #: Whether the file has a picture (``cover`` may be left out to save memory).
    has_cover: bool = False


@dataclass
class AudioFacts:
    """What a file is and says about itself."""

    format: AudioFormat
    duration: float
    bitrate: int | None
    sample_rate: int | None
    size: int
    checksum: str
    tags: Tags

    @property
    def duration_seconds(self) -> int | None:
        """Whole seconds as a song stores them; a sound shorter than one counts as one."""
        return max(1, round(self.duration)) if self.duration > 0 else None


def sha256_of(chunks: Iterable[bytes]) -> tuple[str, int]:
    """The SHA-256 (hex) and the size of the bytes ``chunks`` yields."""
    digest = hashlib.sha256()
    size = 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def file_chunks(fileobj: IO[bytes], chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """The bytes of ``fileobj`` from its start, ``chunk_size`` at a time."""
    fileobj.seek(0)
    while chunk := fileobj.read(chunk_size):
        yield chunk


def inspect(fileobj: IO[bytes], *, cover_max_size: int) -> AudioFacts:
    """Read ``fileobj`` (open, binary, seekable) as audio, or raise :class:`AudioError`.

    An embedded picture larger than ``cover_max_size`` bytes is left out.
    """
    fileobj.seek(0)
    if not fileobj.read(1):
        raise AudioError(gettext_noop("The file is empty."))
    audio_format = detect(fileobj)
    if audio_format is None:
        raise AudioError(
            gettext_noop(
                "The file is not audio django-musiclib can read "
                "(MP3, FLAC, Ogg Vorbis, Opus, M4A/AAC or WAV)."
            )
        )
    fileobj.seek(0)
    try:
        audio = audio_format.reader(fileobj)
    except Exception as exc:  # mutagen raises many kinds of error on broken input
        raise AudioError(
            gettext_noop("The file looks like %(format)s but cannot be read: it may be damaged."),
            format=audio_format.name,
        ) from exc
    info = audio.info
    duration = float(getattr(info, "length", 0) or 0)
    if duration <= 0:
        raise AudioError(
            gettext_noop("The %(format)s file holds no sound: it may be damaged."),
            format=audio_format.name,
        )
    checksum, size = sha256_of(file_chunks(fileobj))
    sample_rate = 48000 if audio_format is OPUS_FORMAT else getattr(info, "sample_rate", None)
    return AudioFacts(
        format=audio_format,
        duration=duration,
        bitrate=getattr(info, "bitrate", None) or None,
        sample_rate=sample_rate or None,
        size=size,
        checksum=checksum,
        tags=read_tags(audio, cover_max_size=cover_max_size),
    )


def inspect_path(path: str, *, cover_max_size: int) -> AudioFacts:
    with open(path, "rb") as fileobj:
        return inspect(fileobj, cover_max_size=cover_max_size)


def read_for_import(path: str, cover_max_size: int) -> AudioFacts | str:
    """Tags and checksum of one file, or why it cannot be read (in an import worker).

    The picture is left out (``has_cover`` tells there was one): it would cross between
    processes for every file, when one per album is enough.
    """
    try:
        facts = inspect_path(path, cover_max_size=cover_max_size)
    except AudioError as exc:
        return str(exc)
    except OSError as exc:
        return f"Cannot read the file: {exc.strerror or exc}."
    facts.tags.cover = None
    return facts


def read_tags(audio: mutagen.FileType, *, cover_max_size: int) -> Tags:
    tags = audio.tags
    if tags is None:
        return Tags()
    if isinstance(tags, ID3):
        tags_of = _id3_tags
    elif isinstance(audio, MP4):
        tags_of = _mp4_tags
    else:
        tags_of = _vorbis_tags
    result = tags_of(audio)
    if result.cover is not None and len(result.cover.data) > cover_max_size:
        result.cover = None
    result.has_cover = result.cover is not None
    return result


def _texts(values: Any) -> list[str]:
    """Non-empty, stripped strings of a tag's values, in order, without repeats.

    Control characters (a NUL between values, a stray line break) become spaces: a tag
    fills a title or a name, which may not hold them.
    """
    if values is None:
        return []
    if isinstance(values, (str, bytes)):
        values = [values]
    seen: dict[str, None] = {}
    for value in values:
        text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
        text = without_control_characters(text).strip()
        if text:
            seen.setdefault(text, None)
    return list(seen)


def _first(values: Any) -> str:
    texts = _texts(values)
    return texts[0] if texts else ""


def _number(value: Any, upper: int) -> int | None:
    """A track or disc number from "3", "3/12" or (3, 12); None when out of range."""
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], (tuple, list)):
        value = value[0]
    if isinstance(value, (tuple, list)):
        value = value[0] if value else None
    match = re.match(r"\s*(\d+)", str(value)) if value is not None else None
    if match is None:
        return None
    number = int(match.group(1))
    return number if 1 <= number <= upper else None


def _release_date(value: str) -> date | None:
    """A date from "1999-06-12", "1999-06" or "1999"; a year alone is the 1st of January."""
    match = re.match(r"\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if match is None:
        return None
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, 1, 1) if 1 <= year <= 9999 else None


def _id3_tags(audio: mutagen.FileType) -> Tags:
    tags: Any = audio.tags  # mutagen declares it None on the base class

    def frame(name: str) -> list[str]:
        found = tags.get(name)
        return _texts(found.text) if found is not None else []

    cover = None
    pictures = tags.getall("APIC")
    if pictures:
        front = next((p for p in pictures if p.type == 3), pictures[0])
        cover = Cover(front.data, front.mime or "")
    year = frame("TDRC") or frame("TYER")
    return Tags(
        title=_first(frame("TIT2")),
        artists=frame("TPE1"),
        album=_first(frame("TALB")),
        album_artists=frame("TPE2"),
        track_number=_number(_first(frame("TRCK")), 999),
        disc_number=_number(_first(frame("TPOS")), 99),
        release_date=_release_date(year[0]) if year else None,
        genre=_first(frame("TCON")),
        cover=cover,
    )


def _mp4_tags(audio: mutagen.FileType) -> Tags:
    tags: Any = audio.tags  # mutagen declares it None on the base class
    cover = None
    covers = tags.get("covr") or []
    if covers:
        image = covers[0]
        mime = "image/png" if image.imageformat == MP4Cover.FORMAT_PNG else "image/jpeg"
        cover = Cover(bytes(image), mime)
    return Tags(
        title=_first(tags.get("\xa9nam")),
        artists=_texts(tags.get("\xa9ART")),
        album=_first(tags.get("\xa9alb")),
        album_artists=_texts(tags.get("aART")),
        track_number=_number(tags.get("trkn"), 999),
        disc_number=_number(tags.get("disk"), 99),
        release_date=_release_date(_first(tags.get("\xa9day"))),
        genre=_first(tags.get("\xa9gen")),
        cover=cover,
    )


def _vorbis_tags(audio: mutagen.FileType) -> Tags:
    tags: Any = audio.tags  # mutagen declares it None on the base class

    def values(*names: str) -> list[str]:
        for name in names:
            if name in tags:
                return _texts(tags[name])
        return []

    cover = None
    pictures = list(getattr(audio, "pictures", []))
    if not pictures:
        # Ogg files carry pictures as base64 in METADATA_BLOCK_PICTURE comments.
        pictures = _decoded_pictures(values("metadata_block_picture"))
    if pictures:
        front = next((p for p in pictures if p.type == 3), pictures[0])
        cover = Cover(front.data, front.mime or "")
    return Tags(
        title=_first(values("title")),
        artists=values("artist"),
        album=_first(values("album")),
        album_artists=values("albumartist", "album artist", "album_artist"),
        track_number=_number(_first(values("tracknumber")), 999),
        disc_number=_number(_first(values("discnumber")), 99),
        release_date=_release_date(_first(values("date", "year"))),
        genre=_first(values("genre")),
        cover=cover,
    )


def _decoded_pictures(encoded: list[str]) -> list[Picture]:
    import base64

    pictures = []
    for text in encoded:
        try:
            pictures.append(Picture(base64.b64decode(text)))
        except Exception:  # a broken picture block leaves the rest of the tags usable
            continue
    return pictures
