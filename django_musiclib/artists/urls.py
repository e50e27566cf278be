from django_musiclib.api.routers import Router
from django_musiclib.artists.views import ArtistViewSet

router = Router()
router.register("artists", ArtistViewSet, basename="artist")

urlpatterns = router.urls
