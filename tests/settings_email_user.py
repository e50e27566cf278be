"""The test settings with a custom user model that signs in by email and has no username."""

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.custom_user"]
AUTH_USER_MODEL = "custom_user.EmailUser"
