"""The example project in production under load: gunicorn, PostgreSQL, Redis.

    make load                                                  # 60 s, 32 clients
    .venv/bin/python bench/load.py --duration 5 --warmup 1 --clients 4 --songs 300

It creates a database of its own (``musiclib_load`` on the PostgreSQL server of
``DATABASE_URL``, or of ``postgres://postgres@127.0.0.1:5432/postgres``), migrates it and
fills it with ``manage.py musiclib_generate --songs N``, all with the production settings
(``example_project.settings_production``). It starts gunicorn with
``example_project/gunicorn.conf.py`` on a free port, with the Redis of ``REDIS_URL`` (or
``redis://127.0.0.1:6379/0``) as the cache when it answers, registers and logs in a few
listeners through the API, and gives each client the token of one of them.

Each client keeps one connection open and sends at most ``--rate`` requests a second,
going round a fixed cycle of 20: 7 lists, 6 details, 4 searches, 2 reactions (a like,
then taking it back) and 1 comment. The pace keeps every listener under the throttle
rates (the script checks before it starts): a 429 is an error like any other status of
400 or more. Requests carry ``X-Forwarded-Proto: https`` and ``X-Forwarded-For``, as
from the TLS proxy the server is told it stands behind (``DJANGO_NUM_PROXIES=1``).

After a warm-up that is not measured, it prints requests per second, latency percentiles
of each kind of request, the errors, the CPU used by the workers, by PostgreSQL and by the
clients, and the resident memory of each gunicorn worker (``VmRSS``, and the peak
``VmHWM``). Then it stops gunicorn and drops the database. It prints figures and never
fails on them.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import resource
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from django_musiclib.conf import DEFAULTS  # noqa: E402

DATABASE = "musiclib_load"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
PASSWORD = "load-" + secrets.token_urlsafe(12)
KINDS = ["list", "detail", "search", "like", "comment"]
# One client's requests, in order; "like" alternates between liking and taking it back.
CYCLE = [
    "list", "detail", "search", "list", "detail", "like", "list", "detail", "search", "list",
    "detail", "comment", "list", "detail", "search", "list", "detail", "like", "list", "search",
]  # fmt: skip
THROTTLED = {"comment": "comment", "like": "reaction"}
# Logins and sign-ups are throttled by the client's address, and all come from here.
MAX_LISTENERS = 8
GUNICORN = [sys.executable, "-m", "gunicorn", "-c", "example_project/gunicorn.conf.py"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def per_minute(rate: str | None) -> float:
    """A DRF rate ("30/minute", "10/hour") as requests per minute; None: no limit."""
    if rate is None:
        return math.inf
    count, period = rate.split("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]
    return int(count) * 60 / seconds


def throttle_budget(clients: int, listeners: int, rate: float) -> list[tuple[str, int, str]]:
    """The most requests one listener sends in any minute, of each throttled kind."""
    clients_each = math.ceil(clients / listeners)
    cycles = math.ceil(60 * rate / len(CYCLE)) + 1  # a partial cycle at each end
    rates = DEFAULTS.get("THROTTLE_RATES", {})
    return [
        (scope, clients_each * cycles * CYCLE.count(kind), rates.get(scope))
        for kind, scope in THROTTLED.items()
    ]


@dataclass
class Result:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[tuple[str, str]] = field(default_factory=Counter)
    samples: dict[tuple[str, str], str] = field(default_factory=dict)
    reconnects: int = 0


class Client:
    """One client: a connection kept alive, and a listener's token if it has one."""

    def __init__(self, port: int, token: str | None = None) -> None:
        self.port = port
        self.token = token
        self.connection: http.client.HTTPConnection | None = None
        self.reconnects = 0

    def request(self, method: str, path: str, body: object = None) -> tuple[int, bytes]:
        headers = {
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "127.0.0.1",
            "Accept": "application/json",
        }
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            reused = self.connection is not None
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.connection.request(method, path, data, headers)
                response = self.connection.getresponse()
                content = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                self.connection = None
                # A kept-alive connection the server closed meanwhile: open another, once.
                if reused and attempt == 1:
                    self.reconnects += 1
                    continue
                raise
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
            return response.status, content
        raise AssertionError("unreachable")


@dataclass
class Catalog:
    songs: list[int]
    albums: list[int]
    artists: list[int]
    popular: list[int]
    words: list[str]


def read_catalog(url: str) -> Catalog:
    with psycopg.connect(url) as connection:

        def ids(sql: str) -> list[int]:
            return [row[0] for row in connection.execute(sql).fetchall()]

        titles = connection.execute(
            "SELECT title FROM musiclib_songs_song ORDER BY random() LIMIT 500"
        ).fetchall()
        return Catalog(
            songs=ids("SELECT id FROM musiclib_songs_song ORDER BY random() LIMIT 5000"),
            albums=ids("SELECT id FROM musiclib_albums_album ORDER BY random() LIMIT 2000"),
            artists=ids("SELECT id FROM musiclib_artists_artist ORDER BY random() LIMIT 2000"),
            popular=ids("SELECT id FROM musiclib_songs_song ORDER BY like_count DESC LIMIT 200"),
            words=sorted(
                {word for (title,) in titles for word in title.split() if len(word) >= 4}
            ),
        )


@dataclass
class Plan:
    clients: int
    rate: float
    start: float
    measured_from: float
    deadline: float
    catalog: Catalog
    result: Result
    lock: threading.Lock = field(default_factory=threading.Lock)


def run_client(number: int, client: Client, plan: Plan) -> None:
    catalog, rate, deadline = plan.catalog, plan.rate, plan.deadline
    rng = random.Random(number)
    # Songs this client alone likes, so that clients of the same listener never collide.
    mine = catalog.popular[number :: plan.clients][:4] or catalog.popular[:1]
    liked: int | None = None
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: Counter[tuple[str, str]] = Counter()
    samples: dict[tuple[str, str], str] = {}
    step = number  # each client starts at another place in the cycle
    next_at = plan.start + rng.random() / rate
    while True:
        now = time.perf_counter()
        if next_at > now:
            time.sleep(next_at - now)
        if time.perf_counter() >= deadline:
            break
        next_at += 1 / rate
        kind = CYCLE[step % len(CYCLE)]
        step += 1
        method, body, expected = "GET", None, 200
        if kind == "list":
            path = rng.choice(
                [
                    "/api/songs",
                    "/api/songs?ordering=-like_count",
                    "/api/albums",
                    "/api/artists",
                    f"/api/comments?{urlencode({'song': rng.choice(catalog.popular)})}",
                ]
            )
        elif kind == "detail":
            path = rng.choice(
                [
                    f"/api/songs/{rng.choice(catalog.songs)}",
                    f"/api/songs/{rng.choice(catalog.songs)}",
                    f"/api/albums/{rng.choice(catalog.albums)}",
                    f"/api/artists/{rng.choice(catalog.artists)}",
                ]
            )
        elif kind == "search":
            term = rng.choice(catalog.words)
            path = rng.choice(
                [
                    f"/api/songs?{urlencode({'search': term})}",
                    f"/api/search?{urlencode({'q': term})}",
                ]
            )
        elif kind == "like":
            if liked is None:
                liked = rng.choice(mine)
                method, path = "POST", f"/api/songs/{liked}/like"
            else:
                method, path, expected = "DELETE", f"/api/songs/{liked}/reaction", 204
                liked = None
        else:
            method, path, expected = "POST", "/api/comments", 201
            body = {"song": rng.choice(catalog.popular), "body": f"Heard it again ({step})."}
        began = time.perf_counter()
        try:
            status, content = client.request(method, path, body)
        except OSError as exc:
            status, content = 0, repr(exc).encode()
        if began >= plan.measured_from:
            latencies[kind].append(time.perf_counter() - began)
        if status != expected:
            key = (kind, str(status or "no answer"))
            errors[key] += 1
            samples.setdefault(key, f"{method} {path}: {content[:200].decode(errors='replace')}")
    with plan.lock:
        for kind, values in latencies.items():
            plan.result.latencies[kind].extend(values)
        plan.result.errors.update(errors)
        for key, sample in samples.items():
            plan.result.samples.setdefault(key, sample)
        plan.result.reconnects += client.reconnects


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    try:
        return [int(pid) for pid in children.read_text().split()]
    except OSError:
        return []


def memory_of(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (the peak resident memory) of a process, in kB."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(value.split()[0])
    except OSError:
        pass
    return values


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_backends() -> list[int]:
    """The PostgreSQL server processes that serve connections to the load's database."""
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                command = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            if command.startswith(b"postgres: ") and f" {DATABASE} ".encode() in command:
                pids.append(int(proc.name))
    return pids


def cpu_by_part(master: int) -> dict[str, float]:
    """CPU seconds used so far by each part of the system under load (and by the clients)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "gunicorn workers": sum(cpu_seconds(pid) for pid in worker_pids(master)),
        "PostgreSQL": sum(cpu_seconds(pid) for pid in database_backends()),
        "clients": usage.ru_utime + usage.ru_stime,
    }


class MemorySampler(threading.Thread):
    """Samples the memory of the workers every half second (workers may be replaced)."""

    def __init__(self, master: int) -> None:
        super().__init__(daemon=True)
        self.master = master
        self.peak: dict[int, int] = {}
        self.first: dict[int, int] = {}
        self.last: dict[int, int] = {}
        self.done = threading.Event()

    def sample(self) -> None:
        for pid in worker_pids(self.master):
            memory = memory_of(pid)
            if not memory:
                continue
            self.first.setdefault(pid, memory["VmRSS"])
            self.last[pid] = memory["VmRSS"]
            self.peak[pid] = max(self.peak.get(pid, 0), memory["VmRSS"], memory["VmHWM"])

    def run(self) -> None:
        while not self.done.wait(0.5):
            self.sample()


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of sorted ``values``, in milliseconds."""
    return values[max(0, math.ceil(len(values) * share) - 1)] * 1000


def described(env: dict[str, str]) -> str:
    """The workers and threads gunicorn runs with, as its configuration gives them."""
    printed = subprocess.run(
        [*GUNICORN, "--print-config"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    config = {
        name.strip(): value.strip()
        for name, _, value in (line.partition("=") for line in printed.splitlines())
    }
    return (
        f"{config.get('workers')} workers of {config.get('threads')} threads "
        f"({config.get('worker_class')})"
    )


def manage(env: dict[str, str], *args: str) -> str:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "example_project" / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if completed.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{completed.stderr}")
    return completed.stdout


def wait_until_up(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped:\n{log.read_text()}")
        try:
            status, _ = Client(port).request("GET", "/api/songs?page_size=1")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"gunicorn did not answer in 60 s:\n{log.read_text()}")


def sign_in(port: int, listeners: int) -> list[str]:
    """Registers listeners through the API and logs each in: one token each."""
    tokens = []
    run = secrets.token_hex(3)
    for number in range(listeners):
        client = Client(port)
        username = f"load-{run}-{number}"
        status, content = client.request(
            "POST", "/api/users", {"username": username, "password": PASSWORD}
        )
        if status != 201:
            sys.exit(f"registering {username}: {status} {content[:300]!r}")
        status, content = client.request(
            "POST", "/api/users/login", {"username": username, "password": PASSWORD}
        )
        if status != 200:
            sys.exit(f"logging in {username}: {status} {content[:300]!r}")
        tokens.append(json.loads(content)["token"])
    return tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (60)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (32)")
    parser.add_argument(
        "--rate", type=float, default=2.0, help="most requests a second of each client (2)"
    )
    parser.add_argument(
        "--warmup", type=float, default=5.0, help="seconds of load before measuring (5)"
    )
    parser.add_argument("--songs", type=int, default=100_000, help="songs generated (100000)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (its configuration's)")
    parser.add_argument("--threads", type=int, help="threads of each worker (idem)")
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if urlsplit(base_url).scheme not in ("postgres", "postgresql"):
        sys.exit(f"DATABASE_URL must name a PostgreSQL server, not {base_url}")
    database_url = with_database(base_url, DATABASE)
    redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    listeners = min(args.clients, MAX_LISTENERS)
    budget = throttle_budget(args.clients, listeners, args.rate)
    over = [f"{scope} ({most}/minute > {rate})" for scope, most, rate in budget
            if most > per_minute(rate)]  # fmt: skip
    if over:
        sys.exit(
            f"At {args.rate} requests/s, {args.clients} clients would be throttled: "
            f"{', '.join(over)}. Ask for a lower --rate or fewer --clients."
        )

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "example_project.settings_production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "DJANGO_NUM_PROXIES": "1",
    }
    env.pop("REDIS_URL", None)
    cache = "local memory of each worker (Redis did not answer)"
    if redis_answers(redis_url):
        # A key prefix of its own: throttle counts of an earlier run never carry over.
        env |= {"REDIS_URL": redis_url, "DJANGO_CACHE_KEY_PREFIX": f"load-{secrets.token_hex(4)}"}
        cache = f"Redis ({redis_url})"
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    if args.threads:
        env["GUNICORN_THREADS"] = str(args.threads)
        env["DJANGO_DB_POOL_MAX_SIZE"] = str(max(args.threads, 4))

    try:
        with psycopg.connect(base_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {DATABASE}")
    except psycopg.OperationalError as exc:
        sys.exit(f"PostgreSQL of DATABASE_URL ({base_url}) did not answer: {exc}")
    server = None
    with tempfile.TemporaryDirectory(prefix="musiclib-load-") as scratch:
        env["DJANGO_MEDIA_ROOT"] = scratch
        log = Path(scratch) / "gunicorn.log"
        try:
            started = time.perf_counter()
            manage(env, "migrate", "--noinput")
            manage(env, "musiclib_generate", "--songs", str(args.songs))
            with psycopg.connect(database_url, autocommit=True) as connection:
                connection.execute("VACUUM ANALYZE")
            print(
                f"catalog: {args.songs:,} songs generated in {time.perf_counter() - started:.0f} s"
                f" (database {DATABASE} on {urlsplit(base_url).hostname})"
            )
            port = free_port()
            env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
            with log.open("wb") as log_file:
                server = subprocess.Popen(
                    GUNICORN,
                    env=env,
                    cwd=ROOT,
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                )
            wait_until_up(port, server, log)
            tokens = sign_in(port, listeners)
            catalog = read_catalog(database_url)
            measure(args, server.pid, port, tokens, catalog, described(env), cache, budget, log)
        finally:
            if server is not None:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=60)
            with psycopg.connect(base_url, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def measure(
    args: argparse.Namespace,
    master: int,
    port: int,
    tokens: list[str],
    catalog: Catalog,
    server: str,
    cache: str,
    budget: list[tuple[str, int, str]],
    log: Path,
) -> None:
    print(f"server: gunicorn, {server}; cache: {cache}")
    print(
        f"load: {args.clients} clients for {args.duration:g} s after {args.warmup:g} s of "
        f"warm-up, each at most {args.rate:g} requests/s, signed in as {len(tokens)} listeners"
    )
    print(
        "throttles, most per listener in any minute: "
        + ", ".join(f"{scope} {most} (limit {rate})" for scope, most, rate in budget)
    )
    print(f"load average before: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")

    sampler = MemorySampler(master)
    sampler.sample()
    result = Result()
    start = time.perf_counter() + 0.5
    measured_from = start + args.warmup
    deadline = measured_from + args.duration
    plan = Plan(args.clients, args.rate, start, measured_from, deadline, catalog, result)
    clients = [
        threading.Thread(
            target=run_client, args=(number, Client(port, tokens[number % len(tokens)]), plan)
        )
        for number in range(args.clients)
    ]
    sampler.start()
    for thread in clients:
        thread.start()
    time.sleep(max(0.0, measured_from - time.perf_counter()))
    cpu_before = cpu_by_part(master)
    for thread in clients:
        thread.join()
    elapsed = time.perf_counter() - measured_from
    sampler.done.set()
    sampler.join()
    sampler.sample()
    cpu = {part: used - cpu_before[part] for part, used in cpu_by_part(master).items()}

    print(f"\n{'kind':<10} {'requests':>9} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p99 ms':>8} {'max ms':>8} {'errors':>7}")  # fmt: skip
    everything: list[float] = []
    for kind in [*KINDS, "all"]:
        values = sorted(everything if kind == "all" else result.latencies.get(kind, []))
        if kind != "all":
            everything.extend(values)
        if not values:
            continue
        errors = sum(
            count for (which, _), count in result.errors.items() if kind in ("all", which)
        )
        print(
            f"{kind:<10} {len(values):>9} {len(values) / elapsed:>7.1f} "
            f"{percentile(values, 0.50):>8.1f} {percentile(values, 0.95):>8.1f} "
            f"{percentile(values, 0.99):>8.1f} {values[-1] * 1000:>8.1f} {errors:>7}"
        )
    print(f"\nerrors, warm-up included: {sum(result.errors.values()) or 'none'}")
    for (kind, status), count in sorted(result.errors.items()):
        print(f"  {kind} {status} x{count}: {result.samples[kind, status]}")
    if result.reconnects:
        print(f"kept-alive connections closed by the server and opened again: {result.reconnects}")
    print(
        f"CPU in {elapsed:.1f} s, in cores: "
        + ", ".join(f"{part} {used / elapsed:.2f}" for part, used in cpu.items())
        + f" (of {os.cpu_count()})"
    )
    print(f"load average after: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    print(f"\n{'worker':>8} {'RSS MB before':>14} {'at end':>7} {'peak':>7}")
    for pid in sorted(sampler.peak):
        print(
            f"{pid:>8} {sampler.first[pid] / 1024:>14.0f} {sampler.last[pid] / 1024:>7.0f} "
            f"{sampler.peak[pid] / 1024:>7.0f}"
        )
    if result.errors:
        tail = "".join(log.read_text().splitlines(keepends=True)[-20:])
        print(f"\nthe server's log, last lines:\n{tail}")


if __name__ == "__main__":
    main()
