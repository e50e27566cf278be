from django.contrib import admin

from django_musiclib.artists.models import Artist


@admin.register(Artist)
class ArtistAdmin(admin.ModelAdmin):
    list_display = ["name", "created_by", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["name"]
    raw_id_fields = ["created_by"]
    date_hierarchy = "created_at"
