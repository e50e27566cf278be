"""Load a small demo catalog; running it again adds nothing twice."""

from __future__ import annotations

import datetime
import io
import math
import random
import struct
import wave
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from django_musiclib.accounts.models import Profile
from django_musiclib.albums.models import Album, AlbumArtist
from django_musiclib.artists.models import Artist
from django_musiclib.comments.models import Comment
from django_musiclib.conf import musiclib_settings
from django_musiclib.songs import services
from django_musiclib.songs.models import Reaction, Song, SongArtist

DEMO_PASSWORD = "listen-to-the-demo"
#: How many demo songs get a generated audio file, so that the player has something to play.
SONGS_WITH_AUDIO = 8

USERS = [
    ("ada", "Ada", "Mostly piano and late-night radio."),
    ("grace", "Grace", "Collects vinyl, streams everything else."),
    ("linus", "Linus", "Drummer in two bands, fan of twenty."),
    ("mina", "Mina", "Folk, fado and film scores."),
    ("sigrun", "Sigrún", "Dreams in minor keys."),
]

ARTISTS = [
    ("The Paper Lanterns", "Indie pop from a harbour town."),
    ("Sigrún Ólafsdóttir", "Icelandic singer and cellist."),
    ("Mare Nostrum Trio", "Jazz piano trio."),
    ("Kōji Tanabe", "Ambient composer and field recordist."),
    ("Velvet Static", "Shoegaze with a drum machine."),
    ("Amara Okafor", "Afrobeat bandleader."),
    ("Les Étoiles Filantes", "French pop duo."),
    ("Northbound Freight", "Bluegrass five-piece."),
    ("Dúo Ciprés", "Guitar duets from Seville."),
    ("Ingrid Hallberg", "Soprano."),
    ("Neon Harbor", "Synthwave."),
    ("Marek Nowak Quartet", "Modern jazz quartet."),
    ("Cosmic Lemonade", "Psychedelic rock."),
    ("Zoë Castellanos", "Singer-songwriter."),
    ("The Quiet Engines", "Post-rock."),
    ("Ravi Subramaniam", "Carnatic violinist."),
    ("Hollow Pines", "Folk trio."),
    ("Bass Cadet", "Drum and bass producer."),
    ("Åsa & The Lighthouse", "Nordic folk band."),
    ("Tomás Ferreira", "Fado guitarist."),
    ("Copper Skyline", "Alternative rock."),
    ("Lumen Choir", "Chamber choir."),
    ("Dr. Groove", "Funk keyboardist."),
    ("Yasmin Haddad", "Oud player and singer."),
]

GENRES = ["Pop", "Jazz", "Ambient", "Rock", "Folk", "Electronic", "Classical", "Funk"]
WORDS = [
    "Morning", "Harbour", "Silver", "Echo", "Lantern", "River", "Winter", "Glass",
    "Neon", "Garden", "Quiet", "Northern", "Paper", "Velvet", "Ocean", "Midnight",
    "Golden", "Hollow", "Lights", "Season", "Signal", "Summer", "Distant", "Rain",
]  # fmt: skip
COMMENTS = [
    "This one never gets old.",
    "The bridge at the two-minute mark!",
    "Heard it live last year, even better.",
    "Perfect for a rainy afternoon.",
    "Not my favourite from this album, but the drums are great.",
    "Who else has this on repeat?",
]


class Command(BaseCommand):
    help = "Load a demo catalog: artists, albums, songs, users, comments and reactions."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            users = self._users()
            artists = self._artists(users)
            albums = self._albums(users, artists)
            songs = self._songs(users, artists, albums)
            self._reactions(users, songs)
            self._comments(users, songs)
            self._audio(songs[:SONGS_WITH_AUDIO])
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo catalog ready: {Artist.objects.count()} artists, "
                f"{Album.objects.count()} albums, {Song.objects.count()} songs, "
                f"{Reaction.objects.count()} reactions, {Comment.objects.count()} comments, "
                f"{Song.objects.exclude(audio='').count()} songs with audio."
            )
        )
        self.stdout.write(
            f"Sign in as any of {', '.join(u[0] for u in USERS)} with the password "
            f"{DEMO_PASSWORD!r}, or to the admin as 'admin' with the same password."
        )

    def _users(self) -> list[Any]:
        user_model = get_user_model()
        field = user_model.USERNAME_FIELD

        def get_or_create(name: str, **extra: Any) -> Any:
            email = f"{name}@example.com"
            value = email if field == "email" else name
            user = user_model.objects.filter(**{field: value}).first()
            if user is None:
                fields = {field: value, "password": DEMO_PASSWORD, **extra}
                if field != "email" and hasattr(user_model, "email"):
                    fields["email"] = email
                creator = (
                    user_model.objects.create_superuser
                    if extra.get("is_superuser")
                    else user_model.objects.create_user
                )
                user = creator(**fields)
            return user

        users = []
        for name, display_name, bio in USERS:
            user = get_or_create(name)
            Profile.objects.update_or_create(
                user=user, defaults={"display_name": display_name, "bio": bio}
            )
            users.append(user)
        get_or_create("admin", is_staff=True, is_superuser=True)
        return users

    def _artists(self, users: list[Any]) -> list[Artist]:
        artists = []
        for index, (name, bio) in enumerate(ARTISTS):
            artist, _ = Artist.objects.get_or_create(
                name=name, defaults={"bio": bio, "created_by": users[index % len(users)]}
            )
            artists.append(artist)
        return artists

    def _albums(self, users: list[Any], artists: list[Artist]) -> list[Album]:
        albums = []
        for index in range(12):
            title = f"{WORDS[index]} {WORDS[(index * 7 + 3) % len(WORDS)]}"
            album, created = Album.objects.get_or_create(
                title=title,
                defaults={
                    "genre": GENRES[index % len(GENRES)],
                    "release_date": datetime.date(1995 + index * 2, 1 + index % 12, 1 + index),
                    "created_by": users[index % len(users)],
                },
            )
            if created:
                credited = [artists[index * 2 % len(artists)]]
                if index % 4 == 0:
                    credited.append(artists[(index * 2 + 1) % len(artists)])
                for position, artist in enumerate(credited):
                    AlbumArtist.objects.create(album=album, artist=artist, position=position)
            albums.append(album)
        return albums

    def _songs(self, users: list[Any], artists: list[Artist], albums: list[Album]) -> list[Song]:
        songs = []
        for index in range(48):
            # One generator per song: a second run finds the same titles.
            rng = random.Random(index)
            album = albums[index % len(albums)] if index < 40 else None
            title = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {index + 1}"
            song = Song.objects.filter(title=title, album=album).first()
            if song is None:
                song = Song.objects.create(
                    title=title,
                    album=album,
                    track_number=index // len(albums) + 1 if album else None,
                    disc_number=1 if album else None,
                    duration=rng.randint(95, 420),
                    genre=album.genre if album else rng.choice(GENRES),
                    created_by=users[index % len(users)],
                )
                credited = list(album.artists.all()) if album else [rng.choice(artists)]
                if index % 6 == 0:
                    guest = rng.choice(artists)
                    if guest not in credited:
                        credited.append(guest)
                for position, artist in enumerate(credited):
                    SongArtist.objects.create(song=song, artist=artist, position=position)
            songs.append(song)
        return songs

    def _reactions(self, users: list[Any], songs: list[Song]) -> None:
        rng = random.Random("reactions")
        for user in users:
            for song in rng.sample(songs, 15):
                value = Reaction.Value.LIKE if rng.random() < 0.8 else Reaction.Value.DISLIKE
                services.react(user, song, value)

    def _comments(self, users: list[Any], songs: list[Song]) -> None:
        for index, song in enumerate(songs[:20]):
            author = users[index % len(users)]
            body = COMMENTS[index % len(COMMENTS)]
            comment, _ = Comment.objects.get_or_create(song=song, author=author, body=body)
            if index % 3 == 0:
                replier = users[(index + 1) % len(users)]
                Comment.objects.get_or_create(
                    song=song, author=replier, parent=comment, body="Agreed, completely."
                )

    def _audio(self, songs: list[Song]) -> None:
        """Give each song without audio a short tune, stored as an upload stores it."""
        serializer_class = musiclib_settings.SONG_SERIALIZER
        for index, listed in enumerate(songs):
            # Read again: saving the song writes every field, counters included.
            song = Song.objects.get(pk=listed.pk)
            if song.audio:
                continue
            upload = SimpleUploadedFile(f"demo-{index + 1}.wav", tone(index), "audio/wav")
            serializer = serializer_class(
                song, data={"audio": upload}, partial=True, context={"request": None}
            )
            serializer.is_valid(raise_exception=True)
            serializer.save()


def tone(seed: int, *, seconds: float = 6.0, rate: int = 11025) -> bytes:
    """A WAV file of a short arpeggio, different for each ``seed`` (so each file is too)."""
    root = 220.0 * 2 ** (seed / 12)
    steps = [1.0, 1.25, 1.5, 2.0]  # a major chord, note by note
    note_length = int(rate * seconds / 8)
    frames = bytearray()
    for n in range(int(rate * seconds)):
        note, position = divmod(n, note_length)
        frequency = root * steps[note % len(steps)]
        envelope = min(1.0, position / 200) * max(0.0, 1 - position / note_length)
        sample = 0.3 * envelope * math.sin(2 * math.pi * frequency * n / rate)
        frames += struct.pack("<h", int(sample * 32767))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return buffer.getvalue()
