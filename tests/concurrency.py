"""Requests sent at the same moment from several threads, each with its own connection.

Only PostgreSQL lets transactions really overlap, so the tests that use this are marked
``postgres`` and run with ``django_db(transaction=True)``: the threads' connections must
see what the test wrote, and the test must see what they wrote.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections
from django.test import override_settings
from rest_framework.test import APIClient

from django_musiclib.conf import DEFAULTS

#: Every scope of MUSICLIB["THROTTLE_RATES"], unlimited: these tests send many requests.
UNTHROTTLED = {"THROTTLE_RATES": dict.fromkeys(DEFAULTS["THROTTLE_RATES"])}


def at_once(calls: Sequence[Callable[[], Any]], *, timeout: float = 30) -> list[Any]:
    """Run each of ``calls`` in its own thread, all released together by a barrier.

    Rate limits are off meanwhile. Returns their results in order. An exception in a
    thread (a view that fails is raised by the test client) is raised here once every
    thread has finished. Each thread closes its database connection, so the test
    database can be dropped.
    """
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout)
            results[index] = call()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    with override_settings(MUSICLIB=UNTHROTTLED):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    if errors:
        raise errors[0]
    return results


def client_of(user: Any) -> APIClient:
    """A new API client signed in as ``user`` (anonymous for None); give each thread its
    own. The ``client_for`` fixture is this function."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client
