from django_musiclib.api.routers import Router
from django_musiclib.songs.views import SongViewSet

router = Router()
router.register("songs", SongViewSet, basename="song")

urlpatterns = router.urls
