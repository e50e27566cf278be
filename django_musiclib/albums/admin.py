from django.contrib import admin

from django_musiclib.albums.models import Album, AlbumArtist


class AlbumArtistInline(admin.TabularInline):
    model = AlbumArtist
    extra = 1
    raw_id_fields = ["artist"]


@admin.register(Album)
class AlbumAdmin(admin.ModelAdmin):
    list_display = ["title", "release_date", "genre", "created_by", "created_at"]
    list_filter = ["genre", "release_date", "created_at"]
    search_fields = ["title", "artists__name"]
    raw_id_fields = ["created_by"]
    inlines = [AlbumArtistInline]
    date_hierarchy = "created_at"
