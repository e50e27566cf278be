"""Generate a large, realistic synthetic catalog, for benchmarks and for trying the API.

The rows are made in streams, a chunk at a time, and never all held in memory: what is kept
grows with the number of albums and users only (a few bytes each, in ``array``s). Every
table is filled with explicit ids after the current largest, so the generator adds to a
database that already has data. Randomness comes from ``--seed``: the same seed and sizes
give the same catalog (titles, credits, reactions), with timestamps relative to the run.

On PostgreSQL the rows go in with ``COPY``, with the search triggers switched off for the
load and the search vectors then computed once per table by the same SQL functions the
triggers use. Elsewhere they are inserted in batches with ``executemany``.
"""

from __future__ import annotations

import datetime
import itertools
import math
import random
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import DatabaseError, connections, models, transaction
from django.db.models import Count, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from django_musiclib.albums.models import Album, AlbumArtist
from django_musiclib.artists.models import Artist
from django_musiclib.songs.models import Reaction, Song, SongArtist
from django_musiclib.songs.progress import Phase, Progress

# Songs are generated in chunks of this many, each with its own random stream, so the
# catalog depends on the seed and the sizes but not on --batch-size.
SONG_CHUNK = 4096
SHARE_ON_ALBUMS = 0.85
MAX_TRACKS = 40
LIKE_SHARE = 0.8
REPLY_SHARE = 0.25
YEARS_OF_HISTORY = 6

GENRES = [
    "Pop", "Rock", "Indie", "Jazz", "Blues", "Folk", "Country", "Hip-Hop", "R&B", "Soul",
    "Funk", "Electronic", "House", "Techno", "Ambient", "Drum and Bass", "Classical",
    "Opera", "Metal", "Punk", "Reggae", "Ska", "Latin", "Bossa Nova", "Fado", "Flamenco",
    "K-Pop", "J-Pop", "Afrobeat", "Gospel", "Soundtrack", "Shoegaze", "Synthwave",
    "Post-Rock", "Bluegrass", "World", "Chanson", "Lo-Fi",
]  # fmt: skip

WORDS = [
    # English
    "Love", "Night", "Heart", "Dream", "Fire", "Rain", "Light", "Shadow", "River", "Ocean",
    "Summer", "Winter", "Autumn", "Spring", "Morning", "Midnight", "Golden", "Silver", "Blue",
    "Red", "Black", "White", "Green", "Electric", "Velvet", "Neon", "Paper", "Glass", "Stone",
    "Iron", "Honey", "Sugar", "Wild", "Quiet", "Lonely", "Broken", "Burning", "Falling",
    "Dancing", "Running", "Flying", "Sleeping", "Waiting", "Forever", "Tonight", "Yesterday",
    "Tomorrow", "Home", "Road", "Highway", "City", "Street", "Garden", "Harbour", "Island",
    "Mountain", "Valley", "Desert", "Forest", "Sky", "Star", "Stars", "Moon", "Sun", "Sunset",
    "Sunrise", "Thunder", "Storm", "Wind", "Snow", "Echo", "Signal", "Radio", "Machine",
    "Engine", "Ghost", "Angel", "Devil", "Saint", "Sinner", "King", "Queen", "Prince",
    "Stranger", "Lover", "Friend", "Mother", "Father", "Child", "Baby", "Girl", "Boy",
    "Heaven", "Paradise", "Memory", "Memories", "Secret", "Secrets", "Promise", "Lies",
    "Truth", "Time", "Moment", "Hours", "Days", "Years", "Letter", "Song", "Melody",
    "Rhythm", "Harmony", "Chorus", "Ballad", "Blues", "Groove", "Dance", "Party", "Funk",
    "Soul", "Spirit", "Mind", "Eyes", "Hands", "Lips", "Kiss", "Tears", "Smile", "Voice",
    "Whisper", "Scream", "Silence", "Noise", "Static", "Pulse", "Wave", "Waves", "Tide",
    "Shore", "Bridge", "Tower", "Window", "Door", "Mirror", "Circle", "Line", "Edge",
    "Horizon", "Distance", "Return", "Escape", "Journey", "Voyage", "Arrival", "Departure",
    "Satellite", "Rocket", "Galaxy", "Planet", "Comet", "Orbit", "Gravity", "Magnet",
    "Diamond", "Crystal", "Pearl", "Rose", "Lily", "Violet", "Orchid", "Cherry", "Lemon",
    "Coffee", "Whiskey", "Wine", "Champagne", "Cigarette", "Motel", "Hotel", "Diner",
    "Cadillac", "Train", "Station", "Airport", "Runway", "Lighthouse", "Lantern", "Candle",
    "Northern", "Southern", "Eastern", "Western", "Hollow", "Distant", "Secretly", "Slowly",
    "Again", "Alone", "Together", "Nowhere", "Somewhere", "Everything", "Nothing", "Maybe",
    "Almost", "Never", "Always", "Young", "Old", "New", "Last", "First", "Little", "Big",
    "Sweet", "Bitter", "Cold", "Warm", "Bright", "Dark", "Strange", "Perfect", "Beautiful",
    # Other languages, some with characters beyond ASCII
    "Björk", "Sigur Rós", "Mötley", "Café", "Niño", "Niña", "Mañana", "Corazón", "Canción",
    "Señorita", "Amor", "Vida", "Noche", "Fiesta", "Sol", "Luna", "Über", "Straße", "Müde",
    "Schön", "Traum", "Naïve", "Façade", "Déjà Vu", "Rêve", "Été", "Noël", "Garçon", "Cœur",
    "Soleil", "Étoile", "Amour", "Ça Va", "São Paulo", "Saudade", "Coração", "Lisboa",
    "Fjörður", "Ísland", "Hjarta", "Smörgåsbord", "Ærø", "Kraków", "Łódź", "Żółw", "Čaj",
    "Dolce", "Amore", "Notte", "Bella", "Ciao", "Città", "Perché", "İstanbul", "Güzel",
    "Σελήνη", "Θάλασσα", "Звезда", "Ночь", "Москва", "Любовь", "Весна", "Снег", "Дорога",
    "Ветер", "Мечта", "Город", "桜", "夜", "東京", "夢", "花火", "月", "雨", "空", "さよなら",
    "ありがとう", "カラオケ", "恋", "星", "사랑", "서울",
]  # fmt: skip

# Title words are now and then made up from these syllables, from a pool of RARE_WORDS.
SYLLABLES = [
    "ka", "lo", "mi", "ren", "ta", "vo", "su", "nel", "pa", "ri", "do", "fen", "ga", "li",
    "mar", "no", "be", "zu", "ti", "sel", "ku", "ra", "ve", "dan", "hi", "mo", "tor", "wa",
    "ze", "lin", "qua", "bri",
]  # fmt: skip
RARE_WORD_SHARE = 0.1
RARE_WORDS = 100_000

FIRST_NAMES = [
    "Ada", "Grace", "Linus", "Mina", "Sigrún", "Zoë", "José", "Søren", "Łukasz", "Chloé",
    "Amara", "Tomás", "Ingrid", "Ravi", "Yasmin", "Kōji", "Hana", "Mateo", "Léa", "Noah",
    "Aoife", "Björn", "Dagný", "Emil", "Fatima", "Giulia", "Hugo", "Irene", "Jonas", "Kenji",
    "Lucía", "Marek", "Nadia", "Oskar", "Paulo", "Quinn", "Rosa", "Sven", "Talia", "Umar",
    "Vera", "Wen", "Ximena", "Yuki", "Zainab", "Ana", "Ben", "Clara", "Dmitri", "Elif",
    "Анна", "Иван", "美咲", "健太",
]  # fmt: skip

LAST_NAMES = [
    "Okafor", "Hallberg", "Ferreira", "Nowak", "Castellanos", "Subramaniam", "Haddad",
    "Tanabe", "Ólafsdóttir", "Müller", "García", "Núñez", "Dubois", "Rossi", "Kowalski",
    "Jensen", "Andersson", "O'Brien", "Murphy", "Smith", "Johnson", "Lee", "Kim", "Park",
    "Nakamura", "Suzuki", "Petrov", "Ivanova", "Novak", "Horvat", "Papadopoulos", "Yılmaz",  # noqa: RUF001
    "Öztürk", "Silva", "Santos", "Costa", "Moreau", "Lefèvre", "Brandt", "Schäfer",
    "Van der Berg", "De Vries", "Mbeki", "Adeyemi", "Chen", "Wang", "Singh", "Patel",
    "Kuznetsova", "Соколов", "山田",
]  # fmt: skip

BAND_NOUNS = [
    "Lanterns", "Engines", "Pines", "Static", "Harbors", "Wolves", "Comets", "Strangers",
    "Ghosts", "Satellites", "Machines", "Daughters", "Sons", "Kings", "Queens", "Saints",
    "Brothers", "Sisters", "Riders", "Dreamers", "Drifters", "Shadows", "Echoes", "Mirrors",
    "Choir", "Orchestra", "Collective", "Trio", "Quartet", "Ensemble", "Band", "Club",
]  # fmt: skip

COMMENT_TEMPLATES = [
    "This one never gets old.",
    "The bridge at the two-minute mark!",
    "Heard it live last year, even better.",
    "Perfect for a rainy afternoon.",
    "Not my favourite from this album, but the drums are great.",
    "Who else has this on repeat?",
    "The {w} line gets me every time.",
    "Reminds me of {w} and {v}.",
    "Played this at a {w} party and everyone asked what it was.",
    "Underrated. Deserves way more likes.",
    "Best track on the record, no contest.",
    "That bass line though.",
    "I came here from a playlist called {w} {v}.",
    "Still here in {year}.",
    "Can anyone recommend something similar?",
    "The production on this is so clean.",
    "¡Qué canción! {w} para siempre.",
    "Der Refrain ist großartig.",
    "C'est magnifique, merci.",
    "Шедевр!",
    "最高の曲です。",
    "Goosebumps at the end.",
    "My dad used to play this in the car.",
    "The live version is better, fight me.",
]
REPLY_TEMPLATES = [
    "Agreed!",
    "Same here.",
    "Totally, the {w} part especially.",
    "Couldn't have said it better.",
    "Try their earlier stuff, it's even better.",
    "Haha, yes.",
    "I disagree, but respect.",
    "Thanks for the tip!",
    "Which version, the live one?",
    "This. So much this.",
]
BIO_TEMPLATES = [
    "{genre} from {place}.",
    "{genre} act formed in {year}.",
    "Singer-songwriter from {place}, writing {genre_lower} since {year}.",
    "{place}-based {genre_lower} project.",
    "Plays {genre_lower} with a {w_lower} twist.",
]
PLACES = [
    "Reykjavík", "Lisbon", "Seville", "Kraków", "Montréal", "São Paulo", "Tōkyō", "Berlin",
    "Lagos", "Chicago", "Glasgow", "Melbourne", "Istanbul", "Seoul", "Москва", "Oslo",
    "Göteborg", "Zürich", "Bogotá", "Nairobi", "New Orleans", "Manchester", "Nantes",
]  # fmt: skip


@dataclass(frozen=True)
class Sizes:
    """How many rows of each kind to add."""

    songs: int
    artists: int
    albums: int
    reactions: int
    comments: int
    users: int

    @classmethod
    def from_songs(cls, songs: int, **overrides: int | None) -> Sizes:
        """Sizes in the usual proportions to ``songs``, with a handful of each at least."""
        defaults = {
            "artists": max(5, songs // 50),
            "albums": max(5, songs // 10),
            "reactions": 2 * songs,
            "comments": max(5, songs // 5),
            "users": max(5, songs // 200),
        }
        chosen = {k: v if overrides.get(k) is None else overrides[k] for k, v in defaults.items()}
        return cls(songs=songs, **chosen)  # type: ignore[arg-type]

    def problems(self) -> list[str]:
        """What makes these sizes impossible to generate, in words a user can act on."""
        found = [f"--{name} must not be negative." for name, n in vars(self).items() if n < 0]
        if found:
            return found
        if self.songs < 1:
            found.append("--songs must be at least 1.")
        if self.artists < 1:
            found.append("--artists must be at least 1: every song credits an artist.")
        if (self.reactions or self.comments) and self.users < 1:
            found.append("--users must be at least 1 when there are reactions or comments.")
        if self.reactions > self.users * self.songs:
            found.append(
                f"--reactions {self.reactions} is more than one per user and song "
                f"({self.users} users x {self.songs} songs); add users or songs."
            )
        return found


@dataclass
class Result:
    """What was added, and how long each phase took."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    total_seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


class Rng(random.Random):
    """``random.Random`` with the skewed draws a catalog needs."""

    def zipf_index(self, n: int) -> int:
        """An index in ``[0, n)``, with index k drawn about ``1 / (k + 1)`` as often as 0.

        This is Zipf's law with exponent 1 (inverse of a log-uniform distribution): a few
        songs get most of the attention and a long tail gets little or none.
        """
        return min(int(math.exp(self.random() * math.log(n + 1))) - 1, n - 1)


def seeded(seed: int, *parts: object) -> Rng:
    """An independent random stream for one part of the catalog.

    Each table has its own stream, so changing one (the number of comments, say) leaves
    the rest of the catalog as it was for the same seed.
    """
    return Rng(f"{seed}:" + ":".join(map(str, parts)))


class Permutation:
    """A bijection of ``range(n)`` that needs no memory: ``(a * i + b) mod n``.

    It maps popularity ranks to rows, so the most popular songs and artists are spread
    through the table rather than being the first ids. ``a`` is near ``n`` times the
    golden ratio, so neighbouring ranks land far apart (on different albums).
    """

    def __init__(self, n: int, rng: random.Random) -> None:
        self.n = max(n, 1)
        a = int(self.n * 0.6180339887) | 1
        while math.gcd(a, self.n) != 1:
            a += 1
        self.a = a
        self.b = rng.randrange(self.n)

    def __call__(self, i: int) -> int:
        return (self.a * i + self.b) % self.n


class Clock:
    """Timestamps spread over the past years, distinct within a table and rising with ids."""

    def __init__(self, now: datetime.datetime, years: int = YEARS_OF_HISTORY) -> None:
        self.now = now
        self.start = now - datetime.timedelta(days=365 * years)
        self.span_us = int((now - self.start).total_seconds() * 1_000_000)

    def nth(self, i: int, n: int) -> datetime.datetime:
        """The creation time of the i-th of n rows: one slot each, a deterministic jitter."""
        step = max(self.span_us // max(n, 1), 1)
        jitter = (i * 2_654_435_761) % step
        return self.start + datetime.timedelta(microseconds=i * step + jitter)

    def after(self, moment: datetime.datetime, rng: random.Random) -> datetime.datetime:
        """A time between ``moment`` and now, earlier times more likely."""
        room = (self.now - moment).total_seconds()
        return moment + datetime.timedelta(seconds=room * rng.random() ** 2)


def rare_word(index: int) -> str:
    """The ``index``-th made-up word of the long tail ("Kalomir"), distinct for each index.

    Its syllables are the digits of ``index`` in base ``len(SYLLABLES)``, lowest first
    (so neighbouring words differ from the start), with a final one so that every word
    has at least three syllables.
    """
    n = len(SYLLABLES)
    value = index + n * n
    parts = []
    while value:
        value, digit = divmod(value, n)
        parts.append(SYLLABLES[digit])
    return "".join(parts).capitalize()


class Words:
    """Titles, names and short texts drawn from the vocabulary.

    A title word comes from the long tail of :func:`rare_word` now and then, drawn by
    Zipf's law, so that search terms of every frequency exist: the most frequent made-up
    word is in about 1% of titles, and most are in a handful.
    """

    def __init__(self, rng: Rng) -> None:
        self.rng = rng

    def title_word(self) -> str:
        rng = self.rng
        if rng.random() < RARE_WORD_SHARE:
            return rare_word(rng.zipf_index(RARE_WORDS))
        return rng.choice(WORDS)

    def title(self, most: int = 4) -> str:
        rng = self.rng
        count = rng.choices(range(1, most + 1), [30, 40, 20, 10][:most])[0]
        words = [self.title_word() for _ in range(count)]
        roll = rng.random()
        if roll < 0.08 and len(words) >= 2:
            text = f"{words[0]} of {' '.join(words[1:])}"
        elif roll < 0.14:
            text = "The " + " ".join(words)
        elif roll < 0.18:
            text = f"{' '.join(words)} ({rng.choice(WORDS)} Remix)"
        elif roll < 0.21:
            text = f"{' '.join(words)}, Pt. {rng.randint(2, 4)}"
        elif roll < 0.24:
            text = f"{' '.join(words)} (Live)"
        else:
            text = " ".join(words)
        return text[:200]

    def artist_name(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.4:
            return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if roll < 0.6:
            return f"The {rng.choice(WORDS)} {rng.choice(BAND_NOUNS)}"
        if roll < 0.75:
            return f"{rng.choice(WORDS)} {rng.choice(WORDS)}"
        if roll < 0.82:
            return f"{rng.choice(FIRST_NAMES)} & The {rng.choice(BAND_NOUNS)}"
        if roll < 0.88:
            return f"DJ {rng.choice(WORDS)}"
        if roll < 0.94:
            return f"{rng.choice(LAST_NAMES)} {rng.choice(BAND_NOUNS)}"
        return rng.choice(WORDS)

    def bio(self, year: int) -> str:
        rng = self.rng
        if rng.random() < 0.6:
            return ""
        genre = rng.choice(GENRES)
        word = rng.choice(WORDS)
        return rng.choice(BIO_TEMPLATES).format(
            genre=genre,
            genre_lower=genre.lower(),
            place=rng.choice(PLACES),
            year=year,
            w_lower=word.lower(),
        )

    def comment(self, year: int, *, reply: bool) -> str:
        rng = self.rng
        template = rng.choice(REPLY_TEMPLATES if reply else COMMENT_TEMPLATES)
        return template.format(w=rng.choice(WORDS), v=rng.choice(WORDS), year=year)


# Writing rows


def table_columns(model: type[models.Model], names: Sequence[str]) -> list[models.Field]:
    """The fields for ``names``, then every other column that cannot be left NULL.

    Columns a model gains later (an audio file, a cover) are filled with the field's
    default, so the generator keeps working without knowing about them.
    """
    chosen = [model._meta.get_field(name) for name in names]
    extra = [
        f
        for f in model._meta.concrete_fields
        if f not in chosen
        and not f.null
        and not f.primary_key
        and f.db_default is models.NOT_PROVIDED
    ]
    return chosen + extra  # type: ignore[return-value]


class Writer:
    """Inserts streams of rows into one table at a time; this one in batches of inserts."""

    def __init__(self, using: str, batch_size: int) -> None:
        self.using = using
        self.connection = connections[using]
        self.batch_size = batch_size

    def write(
        self,
        model: type[models.Model],
        names: Sequence[str],
        rows: Iterable[tuple[Any, ...]],
        advance: Callable[[int], None],
    ) -> int:
        fields = table_columns(model, names)
        extra = tuple(
            f.get_db_prep_save(f.get_default(), self.connection) for f in fields[len(names) :]
        )
        # Concrete fields, each with a column.
        columns = ", ".join(self.connection.ops.quote_name(cast(str, f.column)) for f in fields)
        table = self.connection.ops.quote_name(model._meta.db_table)
        if extra:
            rows = ((*row, *extra) for row in rows)
        return self._write(table, columns, fields[: len(names)], rows, advance)

    def _write(
        self,
        table: str,
        columns: str,
        fields: list[models.Field],
        rows: Iterable[tuple[Any, ...]],
        advance: Callable[[int], None],
    ) -> int:
        # Not bulk_create: it would overwrite the spread-out created_at with the current
        # time (auto_now_add), and model instances cost more than the rows themselves.
        width = len(columns.split(", "))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * width)})"
        prep = [f.get_db_prep_save for f in fields]
        connection = self.connection
        written = 0
        given = len(prep)
        with connection.cursor() as cursor:
            for batch in batched(rows, self.batch_size):
                params = [
                    [*map(lambda p, v: p(v, connection), prep, row[:given]), *row[given:]]
                    for row in batch
                ]
                cursor.executemany(sql, params)
                written += len(params)
                advance(len(params))
        return written


class CopyWriter(Writer):
    """Streams rows into PostgreSQL with ``COPY ... FROM STDIN``, the fastest way in."""

    def _write(
        self,
        table: str,
        columns: str,
        fields: list[models.Field],
        rows: Iterable[tuple[Any, ...]],
        advance: Callable[[int], None],
    ) -> int:
        # Rows hold values psycopg adapts itself (ints, str, dates, aware datetimes).
        written = 0
        with (
            self.connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            write_row = copy.write_row
            for batch in batched(rows, self.batch_size):
                for row in batch:
                    write_row(row)
                written += len(batch)
                advance(len(batch))
        return written


def batched(rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    """Lists of up to ``size`` rows: the most held in memory at once."""
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


# The catalog


@dataclass
class Firsts:
    """The first new id of each table: one after the largest id there now."""

    artist: int
    album: int
    album_credit: int
    song: int
    song_credit: int
    reaction: int
    comment: int


def next_id(model: type[models.Model], using: str) -> int:
    return (model._default_manager.using(using).aggregate(m=Max("pk"))["m"] or 0) + 1


class Catalog:
    """The shape of the catalog, decided before any row is written.

    Only per-album and per-user facts are kept (credits, genre, track counts, activity), in
    ``array``s of a few bytes each; songs, reactions and comments are derived on the fly.
    """

    def __init__(self, sizes: Sizes, seed: int, user_ids: Sequence[int], now: datetime.datetime):
        self.sizes = sizes
        self.seed = seed
        self.user_ids = user_ids
        self.clock = Clock(now)
        rng = seeded(seed, "shape")
        self.artist_rank = Permutation(sizes.artists, rng)
        self.song_rank = Permutation(sizes.songs, rng)
        self.user_rank = Permutation(max(len(user_ids), 1), rng)
        self._plan_albums(seeded(seed, "albums", "shape"))

    def _plan_albums(self, rng: Rng) -> None:
        """Credits and genre of each album, and how the songs fall into albums and singles.

        The songs are laid out in blocks: an album's tracks, then some singles. Songs on
        one album get consecutive ids, as they would when an album is added at once.
        """
        sizes = self.sizes
        albums = sizes.albums
        self.album_first = array("q")
        self.album_second = array("q")
        self.album_genre = array("B")
        self.tracks = array("H")
        self.singles_after = array("I")
        on_albums = min(round(sizes.songs * SHARE_ON_ALBUMS), albums * MAX_TRACKS) if albums else 0
        left = on_albums
        for index in range(albums):
            first = self.popular_artist(rng)
            second = -1
            if sizes.artists > 1 and rng.random() < 0.15:
                second = self.popular_artist(rng, avoid=first)
            self.album_first.append(first)
            self.album_second.append(second)
            self.album_genre.append(rng.randrange(len(GENRES)))
            remaining_albums = albums - index
            if remaining_albums == 1:
                count = left
            else:
                mean = left / remaining_albums
                count = min(left, max(1 if left else 0, round(mean * rng.uniform(0.4, 1.6))))
            self.tracks.append(min(count, MAX_TRACKS))
            left -= min(count, MAX_TRACKS)
        singles = sizes.songs - sum(self.tracks)
        blocks = max(albums, 1)
        if not albums:
            self.tracks.append(0)
        for index in range(blocks):
            remaining_blocks = blocks - index
            if remaining_blocks == 1:
                count = singles
            else:
                count = min(singles, round(singles / remaining_blocks * rng.uniform(0, 2)))
            self.singles_after.append(count)
            singles -= count

    def popular_artist(self, rng: Rng, avoid: int = -1) -> int:
        """An artist index, popular artists more often; never ``avoid`` if there is another."""
        n = self.sizes.artists
        while True:
            artist = self.artist_rank(rng.zipf_index(n))
            if artist != avoid or n == 1:
                return artist

    def creator(self, rng: random.Random) -> int | None:
        if not self.user_ids or rng.random() < 0.1:
            return None
        return self.user_ids[rng.randrange(len(self.user_ids))]

    # Artists and albums

    def artist_rows(self, firsts: Firsts) -> Iterator[tuple[Any, ...]]:
        rng = seeded(self.seed, "artists")
        words = Words(rng)
        n = self.sizes.artists
        clock = self.clock
        for i in range(n):
            created = clock.nth(i, n)
            yield (
                firsts.artist + i,
                words.artist_name(),
                words.bio(rng.randint(1960, created.year)),
                self.creator(rng),
                created,
                created,
            )

    def album_rows(self, firsts: Firsts) -> Iterator[tuple[Any, ...]]:
        rng = seeded(self.seed, "albums", "rows")
        words = Words(rng)
        n = self.sizes.albums
        clock = self.clock
        today = clock.now.date()
        for i in range(n):
            created = clock.nth(i, n)
            if rng.random() < 0.08:
                released = None
            else:
                # Weighted toward recent decades: more music is released every year.
                years_ago = int(70 * rng.random() ** 2.2)
                released = today - datetime.timedelta(days=365 * years_ago + rng.randrange(365))
            yield (
                firsts.album + i,
                words.title(3),
                released,
                GENRES[self.album_genre[i]],
                self.creator(rng),
                created,
                created,
            )

    def album_credit_rows(self, firsts: Firsts) -> Iterator[tuple[Any, ...]]:
        next_credit = firsts.album_credit
        for i in range(self.sizes.albums):
            yield (next_credit, firsts.album + i, firsts.artist + self.album_first[i], 0)
            next_credit += 1
            second = self.album_second[i]
            if second >= 0:
                yield (next_credit, firsts.album + i, firsts.artist + second, 1)
                next_credit += 1

    # Songs

    def songs(self) -> Iterator[tuple[int, int, int | None, int | None, int, int, int]]:
        """Each song's shape: index, album (-1 for a single), track, disc, first and second
        artist (-1 for none), and a genre index.

        Deterministic for a seed, so the songs and their credits, written in two passes,
        agree without keeping anything per song.
        """
        n_genres = len(GENRES)
        n_artists = self.sizes.artists
        index = 0
        rng = seeded(self.seed, "songs", 0)
        for block in range(len(self.singles_after)):
            tracks = self.tracks[block] if block < len(self.tracks) else 0
            discs = 2 if tracks > 18 else 1
            per_disc = -(-tracks // discs) if tracks else 1
            for offset in range(tracks + self.singles_after[block]):
                if index and index % SONG_CHUNK == 0:
                    rng = seeded(self.seed, "songs", index // SONG_CHUNK)
                second = -1
                if offset < tracks:
                    album = block
                    first = self.album_first[block]
                    album_second = self.album_second[block]
                    if album_second >= 0 and rng.random() < 0.6:
                        second = album_second
                    elif n_artists > 1 and rng.random() < 0.1:
                        second = self.popular_artist(rng, avoid=first)
                    genre = (
                        self.album_genre[block] if rng.random() < 0.9 else rng.randrange(n_genres)
                    )
                    yield (
                        index,
                        album,
                        offset % per_disc + 1,
                        offset // per_disc + 1,
                        first,
                        second,
                        genre,
                    )
                else:
                    first = self.popular_artist(rng)
                    if n_artists > 1 and rng.random() < 0.15:
                        second = self.popular_artist(rng, avoid=first)
                    yield (index, -1, None, None, first, second, rng.randrange(n_genres))
                index += 1

    def song_rows(self, firsts: Firsts) -> Iterator[tuple[Any, ...]]:
        rng = seeded(self.seed, "songs", "text")
        words = Words(rng)
        n = self.sizes.songs
        clock = self.clock
        first_album = firsts.album
        first_song = firsts.song
        for index, album, track, disc, _first, _second, genre in self.songs():
            created = clock.nth(index, n)
            yield (
                first_song + index,
                words.title(),
                first_album + album if album >= 0 else None,
                track,
                disc,
                int(rng.triangular(90, 600, 210)),
                GENRES[genre] if rng.random() < 0.95 else "",
                0,
                0,
                self.creator(rng),
                created,
                created,
            )

    def song_credit_rows(self, firsts: Firsts) -> Iterator[tuple[Any, ...]]:
        next_credit = firsts.song_credit
        first_song = firsts.song
        first_artist = firsts.artist
        for index, _album, _track, _disc, first, second, _genre in self.songs():
            yield (next_credit, first_song + index, first_artist + first, 0)
            next_credit += 1
            if second >= 0:
                yield (next_credit, first_song + index, first_artist + second, 1)
                next_credit += 1

    def song_created(self, index: int) -> datetime.datetime:
        return self.clock.nth(index, self.sizes.songs)

    def popular_song(self, rng: Rng) -> int:
        return self.song_rank(rng.zipf_index(self.sizes.songs))

    # Reactions and comments

    def reactions_per_user(self) -> array:
        """How many songs each user reacts to: a few users react a lot, most a little.

        Shares follow a power law over users and are rounded so they add up exactly; no
        user reacts to more songs than there are.
        """
        users = len(self.user_ids)
        total = self.sizes.reactions
        counts = array("q", [0] * users)
        if not users or not total:
            return counts
        cap = self.sizes.songs
        weights = [1 / (self.user_rank(u) + 1) ** 0.6 for u in range(users)]
        open_users = set(range(users))
        left = total
        while left and open_users:
            weight = sum(weights[u] for u in open_users)
            shares = {u: left * weights[u] / weight for u in open_users}
            given = 0
            for u in sorted(open_users):
                add = min(int(shares[u]), cap - counts[u])
                counts[u] += add
                given += add
            left -= given
            # Hand out what rounding left over, one each, to the users with most room.
            for u in sorted(open_users, key=lambda u: shares[u] - int(shares[u]), reverse=True):
                if not left:
                    break
                if counts[u] < cap:
                    counts[u] += 1
                    left -= 1
            open_users = {u for u in open_users if counts[u] < cap}
            if given == 0 and left:
                for u in sorted(open_users):
                    add = min(left, cap - counts[u])
                    counts[u] += add
                    left -= add
        return counts

    def reaction_rows(self, firsts: Firsts) -> Iterator[tuple[Any, ...]]:
        """Each user's reactions: distinct songs, drawn by popularity.

        Duplicates are redrawn (a user reacts to a song once); a user who has exhausted the
        popular songs takes the rest in order of popularity, so the loop always ends.
        """
        clock = self.clock
        next_reaction = firsts.reaction
        like_bias = seeded(self.seed, "reactions", "bias").random() * 1_000_003
        for u, count in enumerate(self.reactions_per_user()):
            if not count:
                continue
            rng = seeded(self.seed, "reactions", u)
            user_id = self.user_ids[u]
            seen: set[int] = set()
            tries = 0
            while len(seen) < count:
                if tries < 20 * count:
                    song = self.popular_song(rng)
                    tries += 1
                else:
                    song = self.song_rank(tries - 20 * count)
                    tries += 1
                if song in seen:
                    continue
                seen.add(song)
                # Songs differ in how well they are liked, around LIKE_SHARE on average.
                lean = ((song * 2_654_435_761 + like_bias) % 41 - 20) / 100
                value = 1 if rng.random() < LIKE_SHARE + lean else -1
                created = clock.after(self.song_created(song), rng)
                yield (next_reaction, user_id, firsts.song + song, value, created, created)
                next_reaction += 1

    def comment_rows(self, firsts: Firsts) -> Iterator[tuple[Any, ...]]:
        """Comments on popular songs by active users, some replying to a recent comment.

        A reply answers one of the last thousand comments, on that comment's song, so only
        that window is kept.
        """
        rng = seeded(self.seed, "comments")
        words = Words(rng)
        clock = self.clock
        users = self.user_ids
        n_users = len(users)
        recent: list[tuple[int, int, int | None, datetime.datetime]] = []
        for i in range(self.sizes.comments):
            comment_id = firsts.comment + i
            author = users[self.user_rank(rng.zipf_index(n_users))]
            if recent and rng.random() < REPLY_SHARE:
                parent_id, song, parent_author, parent_created = recent[rng.randrange(len(recent))]
                if author == parent_author and n_users > 1:
                    author = users[rng.randrange(n_users)]
                room = max((clock.now - parent_created).total_seconds(), 0)
                created = parent_created + datetime.timedelta(
                    seconds=min(rng.expovariate(1 / 172_800), room)
                )
                parent: int | None = parent_id
            else:
                song = self.popular_song(rng)
                created = clock.after(self.song_created(song), rng)
                parent = None
            edited = clock.after(created, rng) if rng.random() < 0.05 else None
            body = words.comment(created.year, reply=parent is not None)
            yield (
                comment_id,
                firsts.song + song,
                author,
                parent,
                body,
                created,
                edited or created,
                edited,
            )
            if len(recent) < 1000:
                recent.append((comment_id, song, author, created))
            else:
                recent[i % 1000] = (comment_id, song, author, created)


# Users


def create_users(
    count: int, seed: int, using: str, batch_size: int, advance: Callable[[int], None]
) -> list[Any]:
    """Add ``count`` users who cannot sign in (unusable passwords), and return their ids.

    Sign-in names follow the user model's ``USERNAME_FIELD``, numbered after the largest
    id, so runs never collide. Users go through ``bulk_create``: there are few of them,
    and it fills whatever fields a custom user model has with their defaults.
    """
    if not count:
        return []
    user_model = get_user_model()
    manager = user_model._default_manager.db_manager(using)
    username_field = user_model.USERNAME_FIELD
    email_field = user_model.get_email_field_name()
    field_names = {f.name for f in user_model._meta.concrete_fields}
    pk = user_model._meta.pk
    if isinstance(pk, models.IntegerField | models.AutoField):
        start = (manager.aggregate(m=Max("pk"))["m"] or 0) + 1
    else:
        start = manager.count() + 1
    rng = seeded(seed, "users")
    ids: list[Any] = []
    batch = []
    for n in range(start, start + count):
        first = rng.choice(FIRST_NAMES)
        last = rng.choice(LAST_NAMES)
        handle = f"listener{n}"
        email = f"{handle}@example.com"
        values: dict[str, Any] = {
            username_field: email if username_field == email_field else handle
        }
        if email_field in field_names:
            values[email_field] = email
        if "first_name" in field_names:
            values["first_name"] = first[:150]
        if "last_name" in field_names:
            values["last_name"] = last[:150]
        user = user_model(**values)
        user.set_unusable_password()
        batch.append(user)
        if len(batch) >= batch_size:
            ids.extend(u.pk for u in manager.bulk_create(batch))
            advance(len(batch))
            batch = []
    if batch:
        ids.extend(u.pk for u in manager.bulk_create(batch))
        advance(len(batch))
    if any(pk is None for pk in ids):
        ids = list(manager.order_by("-pk").values_list("pk", flat=True)[:count])[::-1]
    return ids


# Running it


def comment_model() -> type[models.Model] | None:
    """The Comment model, if the comments app is installed: songs does not import it."""
    if not apps.is_installed("django_musiclib.comments"):
        return None
    return apps.get_model("musiclib_comments", "Comment")


SEARCH_TABLES: tuple[type[models.Model], ...] = (Song, SongArtist, Album, AlbumArtist, Artist)

# The columns each load fills, in the order the catalog yields them. Any other column is
# left to its default (see table_columns).
ARTIST_COLUMNS = ("id", "name", "bio", "created_by", "created_at", "updated_at")
ALBUM_COLUMNS = (
    "id", "title", "release_date", "genre", "created_by", "created_at", "updated_at",
)  # fmt: skip
ALBUM_CREDIT_COLUMNS = ("id", "album", "artist", "position")
SONG_COLUMNS = (
    "id", "title", "album", "track_number", "disc_number", "duration", "genre",
    "like_count", "dislike_count", "created_by", "created_at", "updated_at",
)  # fmt: skip
SONG_CREDIT_COLUMNS = ("id", "song", "artist", "position")
REACTION_COLUMNS = ("id", "user", "song", "value", "created_at", "updated_at")
COMMENT_COLUMNS = (
    "id", "song", "author", "parent", "body", "created_at", "updated_at", "edited_at",
)  # fmt: skip


@dataclass(frozen=True)
class Load:
    """One table to fill: its model, the columns the rows give, and where they come from."""

    label: str
    model: type[models.Model]
    columns: tuple[str, ...]
    rows: Callable[[Firsts], Iterator[tuple[Any, ...]]]
    total: int | None


def loads_of(catalog: Catalog, comment: type[models.Model] | None) -> list[Load]:
    """The tables in the order they are filled: every row after the rows it points to."""
    sizes = catalog.sizes
    loads = [
        Load("artists", Artist, ARTIST_COLUMNS, catalog.artist_rows, sizes.artists),
        Load("albums", Album, ALBUM_COLUMNS, catalog.album_rows, sizes.albums),
        Load("album credits", AlbumArtist, ALBUM_CREDIT_COLUMNS, catalog.album_credit_rows, None),
        Load("songs", Song, SONG_COLUMNS, catalog.song_rows, sizes.songs),
        Load("song credits", SongArtist, SONG_CREDIT_COLUMNS, catalog.song_credit_rows, None),
        Load("reactions", Reaction, REACTION_COLUMNS, catalog.reaction_rows, sizes.reactions),
    ]
    if comment is not None:
        loads.append(
            Load("comments", comment, COMMENT_COLUMNS, catalog.comment_rows, sizes.comments)
        )
    return loads


def generate(
    sizes: Sizes,
    *,
    seed: int = 1,
    batch_size: int = 10_000,
    using: str = "default",
    progress: Progress | None = None,
) -> Result:
    """Add a synthetic catalog of ``sizes`` to the database, in one transaction.

    A failure leaves nothing behind, triggers included: on PostgreSQL switching them off
    is part of the same transaction.
    """
    progress = progress or Progress(None)
    connection = connections[using]
    postgres = connection.vendor == "postgresql"
    comment = comment_model()
    loaded = [Artist, Album, AlbumArtist, Song, SongArtist, Reaction]
    if comment is not None:
        loaded.append(comment)
    result = Result()
    user_ids: list[Any] = []
    started = time.perf_counter()

    def run(label: str, total: int | None, work: Callable[[Phase], int | None]) -> None:
        with progress.phase(label, total) as bar:
            done = work(bar)
        if done is not None:
            result.counts[label] = done
        result.seconds[label] = bar.elapsed

    def add_users(bar: Phase) -> int:
        user_ids.extend(create_users(sizes.users, seed, using, batch_size, bar.advance))
        return len(user_ids)

    with transaction.atomic(using=using):
        run("users", sizes.users, add_users)
        if postgres:
            disable_triggers(connection, loaded)
        finished = False
        try:
            # With no comments app there is no comment table: its first id goes unused.
            firsts = Firsts(*(next_id(model, using) for model in loaded), *[0] * (comment is None))
            catalog = Catalog(sizes, seed, user_ids, timezone.now())
            writer = (CopyWriter if postgres else Writer)(using, batch_size)
            for load in loads_of(catalog, comment):

                def write(bar: Phase, load: Load = load) -> int:
                    return writer.write(load.model, load.columns, load.rows(firsts), bar.advance)

                run(load.label, load.total, write)
            if postgres:
                # Without statistics on the fresh rows the vector functions' lookups were
                # planned badly: four times slower at 100,000 songs.
                run("statistics", None, lambda bar: analyze(connection, loaded))
                run(
                    "search vectors, counts",
                    None,
                    lambda bar: fill_vectors_and_counts(connection, firsts),
                )
                run("foreign keys", None, lambda bar: connection.check_constraints())
            else:
                run("like counts", None, lambda bar: set_counters(firsts.song, using))
            finished = True
        finally:
            if postgres:
                enable_triggers(connection, failed=not finished)
        reset_sequences(connection, loaded)
    if postgres:
        run("analyze", None, lambda bar: analyze(connection, loaded))
    result.total_seconds = time.perf_counter() - started
    return result


def set_counters(first_song: int, using: str) -> None:
    """Set each new song's like and dislike counts from its reactions, in one UPDATE."""
    reactions = Reaction.objects.using(using).filter(song=OuterRef("pk")).order_by().values("song")

    def count(value: int) -> Coalesce:
        of_value = reactions.filter(value=value).annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(of_value), 0)

    Song.objects.using(using).filter(pk__gte=first_song).update(
        like_count=count(Reaction.Value.LIKE), dislike_count=count(Reaction.Value.DISLIKE)
    )


def quoted_table(connection: Any, model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def disable_triggers(connection: Any, loaded: Sequence[type[models.Model]]) -> None:
    """Switch the per-row search triggers off for the load, and keep other writers out.

    ``ALTER TABLE`` is transactional and locks the table until the transaction ends: no
    other session ever sees the triggers off, and a failed load rolls the change back. The
    other tables that get explicit ids are locked too, so no one takes an id from their
    sequences meanwhile. Checks a caller's transaction has pending run first: PostgreSQL
    will not alter a table that has some.
    """
    connection.check_constraints()
    with connection.cursor() as cursor:
        for model in SEARCH_TABLES:
            cursor.execute(f"ALTER TABLE {quoted_table(connection, model)} DISABLE TRIGGER USER")
        for model in loaded:
            if model not in SEARCH_TABLES:
                table = quoted_table(connection, model)
                cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")


def enable_triggers(connection: Any, *, failed: bool) -> None:
    """Switch the search triggers back on.

    After a failure the rollback that follows restores them anyway (``ALTER TABLE`` is
    transactional), so an error here must not hide the one that caused it.
    """
    from psycopg.pq import TransactionStatus

    raw = connection.connection
    if raw is None or raw.info.transaction_status == TransactionStatus.INERROR:
        return
    try:
        with connection.cursor() as cursor:
            for model in SEARCH_TABLES:
                table = quoted_table(connection, model)
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    except DatabaseError:
        if not failed:
            raise


REACTION_COUNTS = """
    SELECT song_id,
        count(*) FILTER (WHERE value = 1) AS likes,
        count(*) FILTER (WHERE value = -1) AS dislikes
    FROM {reaction} WHERE song_id >= %(first)s GROUP BY song_id
"""


def fill_vectors_and_counts(connection: Any, firsts: Firsts) -> None:
    """Compute the new rows' search vectors with one UPDATE per table.

    They call the functions the triggers call, so a vector has one definition. Artists
    first, then albums, then songs: each vector reads the names before it. The songs'
    UPDATE also sets the like and dislike counts from an aggregate of the reactions: each
    song row is rewritten once rather than twice, which saves a quarter of the time.
    """
    artist, album, song = (quoted_table(connection, m) for m in (Artist, Album, Song))
    counts = REACTION_COUNTS.format(reaction=quoted_table(connection, Reaction))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {artist} SET search_vector = to_tsvector('simple', unaccent(name))"
            " WHERE id >= %(first)s",
            {"first": firsts.artist},
        )
        # The words of the new names, for typo search (the artist trigger adds them too).
        cursor.execute(
            f"INSERT INTO musiclib_artist_word (word) SELECT DISTINCT"
            f" unnest(tsvector_to_array(search_vector)) FROM {artist} WHERE id >= %(first)s"
            " ON CONFLICT DO NOTHING",
            {"first": firsts.artist},
        )
        cursor.execute(
            f"UPDATE {album} SET search_vector = musiclib_album_vector(id, title)"
            " WHERE id >= %(first)s",
            {"first": firsts.album},
        )
        cursor.execute(
            f"""
            UPDATE {song} AS s
            SET search_vector = musiclib_song_vector(s.id, s.title, s.album_id),
                like_count = coalesce(c.likes, 0),
                dislike_count = coalesce(c.dislikes, 0)
            FROM {song} AS new LEFT JOIN ({counts}) AS c ON c.song_id = new.id
            WHERE s.id = new.id AND new.id >= %(first)s
            """,
            {"first": firsts.song},
        )


def reset_sequences(connection: Any, loaded: Sequence[type[models.Model]]) -> None:
    """Move each id sequence past the ids written, so the next ordinary insert fits."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), loaded):
            cursor.execute(sql)


def analyze(connection: Any, loaded: Sequence[type[models.Model]]) -> None:
    """Refresh the planner's statistics: the tables may just have grown many times over."""
    with connection.cursor() as cursor:
        for model in loaded:
            cursor.execute(f"ANALYZE {quoted_table(connection, model)}")
