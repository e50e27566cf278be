from django_musiclib.albums.views import AlbumViewSet
from django_musiclib.api.routers import Router

router = Router()
router.register("albums", AlbumViewSet, basename="album")

urlpatterns = router.urls
