"""Settings of the benchmarks: the test settings, plus the hand-written comparison view."""

from tests.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
