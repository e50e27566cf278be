from django.urls import include, path

from bench.handwritten import hand_written_song_list

urlpatterns = [
    path("bench/songs", hand_written_song_list),
    path("api/", include("django_musiclib.urls")),
]
