from django.contrib import admin

from django_musiclib.comments.models import Comment


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "song", "author", "created_at", "edited_at"]
    list_filter = ["created_at", "edited_at"]
    search_fields = ["body", "song__title"]
    raw_id_fields = ["song", "author", "parent"]
    date_hierarchy = "created_at"
    list_select_related = ["song", "author"]
