"""The ``MUSICLIB`` setting.

A host project configures django-musiclib with one dictionary in its settings::

    MUSICLIB = {
        "MAX_PAGE_SIZE": 50,
        "COMMENTS_ON_ACCOUNT_DELETE": "delete",
    }

Every key has a default below. Values are read when they are used, never when a module
is imported or a class is defined, so ``override_settings(MUSICLIB=...)`` takes effect
at once: the :data:`musiclib_settings` object reloads in place.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

# fmt: off
# defaults-start
DEFAULTS: dict[str, Any] = {
    # Page size of every list when the client does not ask for one.
    "PAGE_SIZE": 20,
    # Largest page size a client may ask for with ?page_size=.
    "MAX_PAGE_SIZE": 100,
    # Pagination class of every list endpoint: keyset (cursor) pages.
    "PAGINATION_CLASS": "django_musiclib.api.pagination.KeysetPagination",
    # Authentication classes of every endpoint: expiring tokens, then browser sessions.
    "AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Who may read, create, change and delete artists, albums and songs.
    "CATALOG_PERMISSION_CLASSES": [
        "django_musiclib.api.permissions.IsOwnerOrStaffOrReadOnly",
    ],
    # Who may like, dislike and take back a reaction on a song.
    "REACTION_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
    ],
    # Who may read, post, edit and remove comments.
    "COMMENT_PERMISSION_CLASSES": [
        "django_musiclib.api.permissions.IsAuthorOrModeratorOrReadOnly",
    ],
    # Who may register an account (replace with IsAdminUser to close sign-up).
    "REGISTRATION_PERMISSION_CLASSES": [
        "rest_framework.permissions.AllowAny",
    ],
    # Who may log in.
    "LOGIN_PERMISSION_CLASSES": [
        "rest_framework.permissions.AllowAny",
    ],
    # Who may read a public profile.
    "PUBLIC_PROFILE_PERMISSION_CLASSES": [
        "rest_framework.permissions.AllowAny",
    ],
    # Who may use /users/me, change a password, log out and delete an account.
    "ACCOUNT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
    ],
    # Serializers of the catalog, comments and accounts.
    "ARTIST_SERIALIZER": "django_musiclib.artists.serializers.ArtistSerializer",
    "ALBUM_SERIALIZER": "django_musiclib.albums.serializers.AlbumSerializer",
    "SONG_SERIALIZER": "django_musiclib.songs.serializers.SongSerializer",
    "COMMENT_SERIALIZER": "django_musiclib.comments.serializers.CommentSerializer",
    "PROFILE_SERIALIZER": "django_musiclib.accounts.serializers.ProfileSerializer",
    "PUBLIC_PROFILE_SERIALIZER": "django_musiclib.accounts.serializers.PublicProfileSerializer",
    "REGISTRATION_SERIALIZER": "django_musiclib.accounts.serializers.RegistrationSerializer",
    # Longest comment body, in characters (at most 10 000, the database's bound).
    "COMMENT_MAX_LENGTH": 2000,
    # What happens to a user's comments when the account is deleted:
    # "anonymize" keeps them without an author, "delete" removes them.
    "COMMENTS_ON_ACCOUNT_DELETE": "anonymize",
    # Usernames nobody may register, because they name endpoints under /users/.
    "RESERVED_USERNAMES": ["me", "login", "logout", "logout-all", "csrf"],
    # Alias in Django's STORAGES of the storage that keeps uploaded audio and album covers.
    "STORAGE": "default",
    # Largest request body, in bytes, of every request but an audio upload (larger: 413).
    "MAX_REQUEST_BODY_SIZE": 1024 * 1024,
    # Requests allowed per caller (user id, or client address when signed out) in each
    # scope, as "N/second", "N/minute", "N/hour" or "N/day"; None: no limit (more: 429).
    # Keys given here replace these; scopes not named keep theirs.
    "THROTTLE_RATES": {
        "login": "10/minute",
        "register": "20/hour",
        "password": "10/hour",
        "comment": "30/minute",
        "reaction": "120/minute",
    },
    # Throttle classes of every endpoint, besides REST_FRAMEWORK's DEFAULT_THROTTLE_CLASSES.
    "THROTTLE_CLASSES": [
        "django_musiclib.api.throttling.ScopedThrottle",
    ],
    # Largest audio file accepted by an upload, in bytes (larger: 413).
    "AUDIO_MAX_UPLOAD_SIZE": 200 * 1024 * 1024,
    # Largest embedded picture taken as an album cover, in bytes (larger ones are ignored).
    "COVER_MAX_SIZE": 10 * 1024 * 1024,
    # Who may stream a song's audio (by default: whoever may read the song).
    "STREAM_PERMISSION_CLASSES": [
        "django_musiclib.songs.permissions.CanReadSong",
    ],
    # Who serves the bytes of audio and covers: None (Django, with Range support),
    # "x-accel-redirect" (nginx) or "x-sendfile" (Apache mod_xsendfile, lighttpd).
    "STREAM_SERVER": None,
    # With "x-accel-redirect": internal nginx location of the storage's files.
    "STREAM_SERVER_PREFIX": "/musiclib-media/",
    # With "x-accel-redirect": internal nginx location of imported files linked in place.
    "STREAM_SERVER_LIBRARY_PREFIX": "/musiclib-library/",
}
# defaults-end
# fmt: on

#: Keys whose values are dotted paths, imported when read.
IMPORT_STRINGS: frozenset[str] = frozenset(
    {
        "PAGINATION_CLASS",
        "AUTHENTICATION_CLASSES",
        "CATALOG_PERMISSION_CLASSES",
        "REACTION_PERMISSION_CLASSES",
        "COMMENT_PERMISSION_CLASSES",
        "REGISTRATION_PERMISSION_CLASSES",
        "LOGIN_PERMISSION_CLASSES",
        "PUBLIC_PROFILE_PERMISSION_CLASSES",
        "ACCOUNT_PERMISSION_CLASSES",
        "STREAM_PERMISSION_CLASSES",
        "THROTTLE_CLASSES",
        "ARTIST_SERIALIZER",
        "ALBUM_SERIALIZER",
        "SONG_SERIALIZER",
        "COMMENT_SERIALIZER",
        "PROFILE_SERIALIZER",
        "PUBLIC_PROFILE_SERIALIZER",
        "REGISTRATION_SERIALIZER",
    }
)

COMMENTS_ON_ACCOUNT_DELETE_CHOICES = ("anonymize", "delete")
#: The longest comment body the database holds (a check constraint): the most
#: ``COMMENT_MAX_LENGTH`` may be.
COMMENT_BODY_LIMIT = 10_000
STREAM_SERVER_CHOICES = (None, "x-accel-redirect", "x-sendfile")


def perform_import(value: Any, setting_name: str) -> Any:
    """Import a dotted path, or each dotted path of a list."""
    try:
        if isinstance(value, str):
            return import_string(value)
        if isinstance(value, (list, tuple)):
            return [import_string(item) if isinstance(item, str) else item for item in value]
    except ImportError as exc:
        raise ImportError(
            f"Could not import {value!r} for MUSICLIB[{setting_name!r}]: {exc}"
        ) from exc
    return value


class MusicLibSettings:
    """Attribute access to ``settings.MUSICLIB`` with defaults, imports and a cache.

    ``musiclib_settings.MAX_PAGE_SIZE`` reads the host's value or the default. The
    object is never rebound: :meth:`reload` clears its cache in place, and it runs
    whenever ``MUSICLIB`` changes (``override_settings`` included).
    """

    def __init__(self) -> None:
        self._cached: set[str] = set()

    @property
    def user_settings(self) -> dict[str, Any]:
        value = getattr(settings, "MUSICLIB", None)
        return value if isinstance(value, dict) else {}

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(f"Invalid MUSICLIB setting: {name!r}")
        value = self.user_settings.get(name, DEFAULTS[name])
        if name in IMPORT_STRINGS:
            value = perform_import(value, name)
        self._cached.add(name)
        setattr(self, name, value)
        return value

    def reload(self) -> None:
        for name in self._cached:
            delattr(self, name)
        self._cached.clear()


musiclib_settings = MusicLibSettings()


def reload_musiclib_settings(*, setting: str, **kwargs: Any) -> None:
    if setting == "MUSICLIB":
        musiclib_settings.reload()


setting_changed.connect(reload_musiclib_settings)
