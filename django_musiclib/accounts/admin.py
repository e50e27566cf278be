from django.contrib import admin
from django.contrib.auth import get_user_model
from django.http import HttpRequest

from django_musiclib.accounts.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "created_at"]
    list_filter = ["created_at"]
    raw_id_fields = ["user"]

    def get_search_fields(self, request: HttpRequest) -> list[str]:
        return ["display_name", f"user__{get_user_model().USERNAME_FIELD}"]
