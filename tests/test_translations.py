"""The API speaks the language a client asks for, and the French catalog is complete."""

from __future__ import annotations

import ast
import gettext
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation
from rest_framework.test import APIClient

from django_musiclib.artists.models import Artist
from tests.audio import upload
from tests.factories import (
    AlbumFactory,
    ArtistFactory,
    SongFactory,
    UserFactory,
    login_payload,
)

PACKAGE = Path(__file__).resolve().parent.parent / "django_musiclib"
CATALOG = PACKAGE / "locale" / "fr" / "LC_MESSAGES"
NBSP = "\u00a0"


@pytest.fixture
def locale_middleware(settings):
    """The host's ``LocaleMiddleware``: the language comes from ``Accept-Language``.

    The middleware leaves the language of the last request active in this thread; the
    language from before the test is restored after it.
    """
    middleware = list(settings.MIDDLEWARE)
    sessions = middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    middleware.insert(sessions + 1, "django.middleware.locale.LocaleMiddleware")
    settings.MIDDLEWARE = middleware
    with translation.override(translation.get_language()):
        yield


@pytest.fixture
def french(locale_middleware):
    """``french(user)``: a client that asks for French, signed in as ``user`` (or not)."""

    def make(user=None) -> APIClient:
        client = APIClient(headers={"Accept-Language": "fr"})
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


# Answers in French


@pytest.mark.django_db
def test_deleting_a_credited_artist_answers_409_in_french_with_plurals(french, user):
    artist = ArtistFactory(created_by=user)
    AlbumFactory(artists=[artist])
    SongFactory.create_batch(2, artists=[artist])

    response = french(user).delete(f"/api/artists/{artist.pk}")

    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"Impossible de supprimer cet objet (artiste){NBSP}: "
        "1 album et 2 chansons y font référence."
    )
    assert Artist.objects.filter(pk=artist.pk).exists()


@pytest.mark.django_db
def test_a_409_held_by_one_object_is_singular_in_french(french, user):
    artist = ArtistFactory(created_by=user)
    SongFactory(artists=[artist])

    response = french(user).delete(f"/api/artists/{artist.pk}")

    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"Impossible de supprimer cet objet (artiste){NBSP}: 1 chanson y fait référence."
    )


@pytest.mark.django_db
def test_without_accept_language_the_same_409_is_in_english(locale_middleware, client_for, user):
    artist = ArtistFactory(created_by=user)
    AlbumFactory(artists=[artist])
    SongFactory.create_batch(2, artists=[artist])

    response = client_for(user).delete(f"/api/artists/{artist.pk}")

    assert response.json()["detail"] == (
        "This artist cannot be deleted while 1 album and 2 songs refer to it."
    )


@pytest.mark.django_db
def test_a_bad_filter_value_is_refused_in_french(french):
    response = french().get("/api/songs", {"year_min": "soon"})

    assert response.status_code == 400
    assert response.json() == {"year_min": ["Saisissez un nombre entier."]}


@pytest.mark.django_db
def test_filtering_by_liked_songs_without_signing_in_is_explained_in_french(french):
    response = french().get("/api/songs", {"liked": "true"})

    assert response.status_code == 401
    assert response.json()["detail"] == (
        "Connectez-vous pour filtrer selon les chansons que vous aimez."
    )


@pytest.mark.django_db
def test_a_bad_cursor_is_refused_in_french(french):
    response = french().get("/api/songs", {"cursor": "not-a-cursor"})

    assert response.status_code == 400
    assert response.json() == {
        "cursor": ["Ce curseur n’est pas valide pour cette liste et cet ordre."]  # noqa: RUF001
    }


@pytest.mark.django_db
def test_an_unknown_ordering_is_refused_in_french(french):
    response = french().get("/api/artists", {"ordering": "shoe_size"})

    assert response.status_code == 400
    assert response.json()["ordering"] == [
        f"Ordre inconnu{NBSP}: 'shoe_size'. Choisissez parmi{NBSP}: "
        "name, -name, created_at, -created_at."
    ]


@pytest.mark.django_db
def test_writing_without_signing_in_is_401_in_french(french):
    response = french().post("/api/artists", {"name": "Nina Simone"}, format="json")

    assert response.status_code == 401
    assert response.json()["detail"] == "Informations d'authentification non fournies."


@pytest.mark.django_db
def test_changing_someone_elses_artist_is_403_in_french(french, user, other_user):
    artist = ArtistFactory(created_by=other_user)

    response = french(user).patch(f"/api/artists/{artist.pk}", {"name": "X"}, format="json")

    assert response.status_code == 403
    assert response.json()["detail"] == "Vous n'avez pas la permission d'effectuer cette action."


@pytest.mark.django_db
def test_a_failed_login_is_explained_in_french(french):
    user = UserFactory()

    response = french().post(
        "/api/users/login", login_payload(user, "not-the-password"), format="json"
    )

    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        "Impossible de se connecter avec ces identifiants."
    ]


@pytest.mark.django_db
def test_a_file_that_is_not_audio_is_refused_in_french(french, user, media_root):
    data = {"audio": upload("x.mp3", data=b"Lyrics, not a song.\n"), "title": "T"}

    response = french(user).post("/api/songs", data, format="multipart")

    assert response.status_code == 400
    assert response.json()["audio"] == [
        "Le fichier n’est pas un fichier audio que django-musiclib sait lire "  # noqa: RUF001
        "(MP3, FLAC, Ogg Vorbis, Opus, M4A/AAC ou WAV)."
    ]


@pytest.mark.django_db
def test_a_reply_on_another_song_is_refused_in_french(french, user):
    parent = SongFactory().comments.create(body="First", author=user)
    song = SongFactory()

    response = french(user).post(
        "/api/comments", {"song": song.pk, "parent": parent.pk, "body": "Hi"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["parent"] == [
        "Une réponse doit porter sur la même chanson que le commentaire auquel elle répond."
    ]


@pytest.mark.django_db
def test_the_openapi_schema_describes_fields_and_filters_in_french_with_lang_fr(api_client):
    response = api_client.get("/api/schema/", {"lang": "fr", "format": "json"})

    schema = response.json()
    parameters = schema["paths"]["/api/songs/"]["get"]["parameters"]
    year_min = next(p for p in parameters if p["name"] == "year_min")
    parent = schema["components"]["schemas"]["Comment"]["properties"]["parent"]
    assert year_min["description"] == "Chansons d’albums sortis l’année donnée ou après."  # noqa: RUF001
    assert parent["title"] == "En réponse à"
    assert parent["description"] == (
        "Identifiant du commentaire auquel celui-ci répond, sur la même chanson."
    )


# The catalog


def read_po(path: Path) -> list[dict[str, object]]:
    """The entries of a .po file: ``msgid``, ``msgid_plural``, ``msgstr`` (a list) and
    ``flags``; obsolete entries (``#~``) are left out."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry: dict[str, object] = {"flags": set(), "msgstr": []}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] = {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                value = ast.literal_eval(line)
                if key == "msgstr":
                    entry["msgstr"][-1] += value  # type: ignore[index]
                else:
                    entry[key] += value  # type: ignore[operator]
            else:
                key, _, literal = line.partition(" ")
                value = ast.literal_eval(literal)
                if key.startswith("msgstr"):
                    key = "msgstr"
                    entry["msgstr"].append(value)  # type: ignore[attr-defined]
                else:
                    entry[key] = value
        if "msgid" in entry:
            entries.append(entry)
    return entries


def messages(path: Path) -> list[dict[str, object]]:
    """The entries of a catalog, without its header."""
    return [entry for entry in read_po(path) if entry["msgid"]]


def test_every_message_of_the_french_catalog_is_translated():
    entries = messages(CATALOG / "django.po")

    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"])]  # type: ignore[call-overload]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]  # type: ignore[operator]
    assert entries
    assert untranslated == []
    assert fuzzy == []


def test_the_compiled_french_catalog_matches_its_source():
    with (CATALOG / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    stale = []
    for entry in messages(CATALOG / "django.po"):
        msgid, msgstr = entry["msgid"], entry["msgstr"]
        if "msgid_plural" in entry:
            got = [compiled.ngettext(msgid, entry["msgid_plural"], n) for n in (1, 2)]  # type: ignore[arg-type]
        else:
            got = [compiled.gettext(msgid)]  # type: ignore[arg-type]
        if got != msgstr:
            stale.append(msgid)
    assert stale == [], "run compilemessages (see docs/translations.rst)"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_the_french_catalog_holds_every_message_of_the_code(tmp_path, monkeypatch):
    copy = tmp_path / "django_musiclib"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.chdir(copy)

    call_command("makemessages", locale=["fr"], verbosity=0)

    def ids(path: Path) -> set[object]:
        return {entry["msgid"] for entry in messages(path)}

    generated = copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    shipped = CATALOG / "django.po"
    missing = sorted(ids(generated) - ids(shipped))  # type: ignore[type-var]
    assert missing == [], "run makemessages and translate (see docs/translations.rst)"
