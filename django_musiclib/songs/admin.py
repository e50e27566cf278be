from django.contrib import admin
from django.http import HttpRequest

from django_musiclib.songs.models import Reaction, Song, SongArtist


class SongArtistInline(admin.TabularInline):
    model = SongArtist
    extra = 1
    raw_id_fields = ["artist"]


@admin.register(Song)
class SongAdmin(admin.ModelAdmin):
    list_display = ["title", "album", "genre", "duration", "like_count", "dislike_count"]
    list_filter = ["genre", "created_at"]
    search_fields = ["title", "artists__name", "album__title"]
    raw_id_fields = ["album", "created_by"]
    readonly_fields = ["like_count", "dislike_count"]
    inlines = [SongArtistInline]
    date_hierarchy = "created_at"
    list_select_related = ["album"]


@admin.register(Reaction)
class ReactionAdmin(admin.ModelAdmin):
    """Reactions are read here; their counters are kept by the API, so no edits."""

    list_display = ["song", "user", "value", "created_at"]
    list_filter = ["value", "created_at"]
    search_fields = ["song__title"]
    raw_id_fields = ["song", "user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return False
