"""Settings of the benchmarks: the test settings, plus the hand-written comparison view.

The throw-away database gets a name of its own, so a benchmark never collides with a
test run on the same server.
"""

from tests.settings import *  # noqa: F403
from tests.settings import DATABASES

ROOT_URLCONF = "bench.urls"
DEBUG = False
# The benchmarks measure what a request costs: a few clients make far more reactions a
# minute than the rate limit lets one user make.
MUSICLIB = {"THROTTLE_RATES": {"reaction": None}}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["TEST"] = {"NAME": "test_musiclib_bench"}
