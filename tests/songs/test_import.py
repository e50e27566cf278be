"""``manage.py musiclib_import``: first runs, re-runs, broken files, dry runs, copies."""

from __future__ import annotations

import os
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from mutagen.flac import FLAC

from django_musiclib.albums.models import Album
from django_musiclib.artists.models import Artist
from django_musiclib.songs import importer
from django_musiclib.songs.models import Song
from tests.audio import FIXTURES, FORMATS, stored_files

pytestmark = pytest.mark.django_db(transaction=True)

AUDIO_NAMES = [*sorted(FORMATS), "untagged.wav"]


@pytest.fixture
def library(tmp_path):
    """A folder of every fixture, in two subfolders, plus files that are not audio."""
    root = tmp_path / "library"
    for index, name in enumerate(AUDIO_NAMES):
        folder = root / ("first" if index % 2 else "second")
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / name, folder / name)
    (root / "first" / "notes.txt").write_text("not music")
    (root / "first" / "folder.jpg").write_bytes(b"\xff\xd8\xff")
    return root


def run(*args: str, jobs: int = 1) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(
        "musiclib_import", *args, f"--jobs={jobs}", "--no-progress", stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def test_a_first_run_adds_every_audio_file(library, media_root):
    out, _ = run(str(library))

    assert "7 added, 0 updated, 0 skipped, 0 failed" in out
    assert Song.objects.count() == 7
    titles = set(Song.objects.values_list("title", flat=True))
    assert {title for _, title in FORMATS.values()} | {"untagged"} == titles


def test_tags_become_artists_and_albums(library, media_root):
    run(str(library))

    song = Song.objects.get(title="Svefn-g-englar")
    assert [a.name for a in song.artists.all()] == ["Sigur Rós"]
    assert song.album.title == "Ágætis byrjun"
    assert song.audio_mime_type == "audio/flac"
    assert song.source_path == str(next(library.rglob("sigur_ros.flac")))
    assert Artist.objects.filter(name="Sigur Rós").count() == 1
    assert Song.objects.get(title="untagged").artists.get().name == "Unknown artist"


def test_files_are_linked_in_place_by_default(library, media_root):
    run(str(library))

    song = Song.objects.get(title="Jóga")
    assert not song.audio
    assert os.path.samefile(song.source_path, next(library.rglob("bjork.mp3")))
    assert not (media_root / "musiclib" / "audio").exists()


def test_reading_in_parallel_gives_the_same_result(library, media_root, monkeypatch):
    monkeypatch.setattr(importer, "MIN_FILES_FOR_WORKERS", 1)

    out, _ = run(str(library), jobs=2)

    assert "7 added" in out
    assert Song.objects.filter(bitrate__gt=0).count() == 7


def test_a_re_run_skips_every_unchanged_file(library, media_root):
    run(str(library))

    out, _ = run(str(library), "-v", "2")

    assert "0 added, 0 updated, 7 skipped, 0 failed" in out
    assert out.count("(unchanged)") == 7


def test_a_touched_file_with_the_same_content_is_skipped_by_its_checksum(library, media_root):
    run(str(library))
    path = next(library.rglob("bjork.mp3"))
    os.utime(path, ns=(10**18, 10**18))

    out, _ = run(str(library), "-v", "2")

    assert "unchanged content" in out
    assert Song.objects.get(title="Jóga").source_mtime_ns == 10**18
    assert "0 added, 0 updated, 7 skipped" in run(str(library))[0]


def test_a_file_with_new_tags_updates_its_song(library, media_root):
    run(str(library))
    path = next(library.rglob("sigur_ros.flac"))
    song = Song.objects.get(source_path=str(path))
    tags = FLAC(path)
    tags["title"] = "Starálfur"
    tags["artist"] = "Jónsi"
    tags.save()

    out, _ = run(str(library))

    assert "0 added, 1 updated, 6 skipped" in out
    song.refresh_from_db()
    assert song.title == "Starálfur"
    assert [a.name for a in song.artists.all()] == ["Jónsi"]
    assert Song.objects.count() == 7


def test_a_broken_file_is_reported_and_the_run_goes_on(library, media_root):
    (library / "first" / "broken.mp3").write_bytes(b"ID3" + b"\x00" * 50)
    (library / "first" / "lyrics.flac").write_text("words")

    out, err = run(str(library))

    assert "7 added, 0 updated, 0 skipped, 2 failed" in out
    assert "broken.mp3" in err and "lyrics.flac" in err
    assert "not audio" in err


def test_the_same_audio_at_two_paths_is_imported_once(library, media_root):
    shutil.copy(FIXTURES / "bjork.mp3", library / "copy of bjork.mp3")

    out, _ = run(str(library), "-v", "2")

    assert "7 added, 0 updated, 1 skipped" in out
    assert "the same audio as song" in out


def test_a_dry_run_changes_nothing(library, media_root):
    out, _ = run(str(library), "--dry-run", "--copy")

    assert "Dry run" in out and "7 added" in out
    assert not Song.objects.exists()
    assert not Artist.objects.exists()
    assert not Album.objects.exists()
    assert stored_files(media_root) == []


def test_copy_stores_each_file_and_the_embedded_cover(library, media_root):
    run(str(library), "--copy")

    song = Song.objects.get(title="Jóga")
    assert song.audio.name.startswith("musiclib/audio/")
    with song.audio.open("rb") as audio:
        assert audio.read() == (FIXTURES / "bjork.mp3").read_bytes()
    assert len(stored_files(media_root / "musiclib" / "audio")) == 7
    assert song.album.cover.name.endswith(".png")


def test_a_single_file_may_be_named(library, media_root):
    out, _ = run(str(next(library.rglob("opus.opus"))))

    assert "1 added" in out
    credits = Song.objects.get().credits.select_related("artist")
    assert [credit.artist.name for credit in credits] == ["Ólafur Arnalds", "Nils Frahm"]


def test_a_path_that_does_not_exist_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="No such file or folder"):
        run(str(tmp_path / "nowhere"))


def test_imported_songs_stream(library, media_root, api_client):
    run(str(library))
    song = Song.objects.get(title="Jóga")

    response = api_client.get(f"/api/songs/{song.pk}/stream", headers={"Range": "bytes=0-2"})

    assert response.status_code == 206
    assert b"".join(response.streaming_content) == b"ID3"


def test_a_file_that_fails_does_not_take_the_next_one_with_it(tmp_path, media_root, monkeypatch):
    """Both files name one artist; the first fails after the artist was created for it."""
    library = tmp_path / "library"
    library.mkdir()
    shutil.copy(FIXTURES / "bjork.mp3", library / "a.mp3")
    shutil.copy(FIXTURES / "sigur_ros.flac", library / "b.flac")
    tags = FLAC(library / "b.flac")
    tags["artist"] = "Björk"
    tags.save()
    store = importer.stored_file
    calls = []

    def failing_once(content, facts):
        calls.append(facts)
        if len(calls) == 1:
            raise OSError("disk full")
        return store(content, facts)

    monkeypatch.setattr(importer, "stored_file", failing_once)

    out, err = run(str(library), "--copy")

    assert "1 added, 0 updated, 0 skipped, 1 failed" in out
    assert "disk full" in err
    song = Song.objects.get()
    assert [artist.name for artist in song.artists.all()] == ["Björk"]


def test_a_file_imported_again_in_place_drops_its_stored_copy(library, media_root):
    run(str(library), "--copy")
    path = next(library.rglob("sigur_ros.flac"))
    song = Song.objects.get(source_path=str(path))
    copy, updated_at = song.audio.name, song.updated_at
    tags = FLAC(path)
    tags["title"] = "Starálfur"
    tags.save()

    out, _ = run(str(library))

    assert "0 added, 1 updated, 6 skipped" in out
    song.refresh_from_db()
    assert song.audio.name == ""
    assert song.updated_at > updated_at
    assert copy not in stored_files(media_root)
