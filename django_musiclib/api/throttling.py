"""Rate limits of the writes that invite abuse: logins, sign-ups, comments, reactions.

A view names the scope of each throttled action in ``throttle_scopes`` (action ->
scope). :class:`ScopedThrottle` counts the requests of each caller in that scope, in
Django's default cache, and allows ``MUSICLIB["THROTTLE_RATES"][scope]`` of them ("10/min",
"20/hour"...; None: no limit). Past the rate DRF answers 429 with ``Retry-After``.

The caller is the signed-in user's id, or else the client's address, as DRF tells it
(``REMOTE_ADDR``, or ``X-Forwarded-For`` as far as ``REST_FRAMEWORK["NUM_PROXIES"]`` says).
"""

from __future__ import annotations

from rest_framework.throttling import ScopedRateThrottle

from django_musiclib.conf import DEFAULTS, musiclib_settings


def throttle_rates() -> dict[str, str | None]:
    """The rate of each scope: the defaults, with the project's ``THROTTLE_RATES`` over them."""
    return {**DEFAULTS["THROTTLE_RATES"], **musiclib_settings.THROTTLE_RATES}


class ScopedThrottle(ScopedRateThrottle):
    """DRF's scoped throttle, with its rates read from ``MUSICLIB`` at each request.

    The scope is the view's ``musiclib_throttle_scope``, not DRF's ``throttle_scope``, so
    that a project's own ``ScopedRateThrottle`` in ``DEFAULT_THROTTLE_CLASSES`` does not
    look for these scopes in ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``. A scope that
    ``THROTTLE_RATES`` does not name is not throttled.
    """

    scope_attr = "musiclib_throttle_scope"

    def get_rate(self) -> str | None:
        return throttle_rates().get(self.scope or "")
