from django_musiclib.api.routers import Router
from django_musiclib.songs.views import CatalogSearchViewSet, SongViewSet

router = Router()
router.register("songs", SongViewSet, basename="song")
router.register("search", CatalogSearchViewSet, basename="search")

urlpatterns = router.urls
