"""gunicorn's settings for the example project in production.

    gunicorn -c example_project/gunicorn.conf.py

It serves ``example_project.wsgi`` with :mod:`example_project.settings_production`
(unless ``DJANGO_SETTINGS_MODULE`` names other settings), and reads:

``GUNICORN_BIND``      the address to listen on (``127.0.0.1:8000``; behind a proxy on the
                       same host, keep it on the loopback)
``WEB_CONCURRENCY``    worker processes (the number of cores, plus one)
``GUNICORN_THREADS``   threads in each worker (4)

Any other setting goes in ``GUNICORN_CMD_ARGS`` (``--access-logfile - --max-requests 5000``).
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_project.settings_production")

pythonpath = str(Path(__file__).resolve().parent.parent)
wsgi_app = "example_project.wsgi:application"
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]

# A request spends part of its time waiting on PostgreSQL and Redis, when a worker's other
# threads run; processes are what use the cores. Measured with bench/load.py on two cores,
# two or three workers of four to eight threads kept the slowest requests fast, and five
# workers (of two threads, or sync workers) did worse. Each worker takes about 90 MB.
workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Keep-alive connections from a proxy or from clients, for a while after their last request.
keepalive = 5
# A request running this long is stuck: its worker is restarted.
timeout = 30
# Nothing to manage at run time; several servers can then run side by side.
control_socket_disable = True
