from django_musiclib.accounts.views import UserViewSet
from django_musiclib.api.routers import Router

router = Router()
router.register("users", UserViewSet, basename="user")

urlpatterns = router.urls
