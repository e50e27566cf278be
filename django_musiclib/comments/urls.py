from django_musiclib.api.routers import Router
from django_musiclib.comments.views import CommentViewSet

router = Router()
router.register("comments", CommentViewSet, basename="comment")

urlpatterns = router.urls
