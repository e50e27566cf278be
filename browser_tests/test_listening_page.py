"""The listening page in headless Chromium, on its own origin and from a second one.

Run with ``make browser-test``. It needs Debian's ``chromium`` and ``chromium-driver``
(``.ci/run`` installs them when missing); nothing is downloaded at test time. The example
project is served twice, on two free ports, over a fresh SQLite database with the demo
data: the page on the first port talks to its own API with a session cookie and CSRF
token, the page on the second port talks to the first port's API with a token, across
origins. Screenshots go to ``artifacts/browser/``.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts" / "browser"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
PASSWORD = "a-long-browser-password"
WAIT = 20  # seconds for any one thing to show up on the page
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--mute-audio",
    "--autoplay-policy=no-user-gesture-required",
    "--window-size=1280,1000",
]

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
    reason=f"needs {CHROMIUM} and {CHROMEDRIVER} (apt-get install chromium chromium-driver)",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args: str, env: dict[str, str]) -> None:
    command = [sys.executable, str(ROOT / "example_project" / "manage.py"), *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    if done.returncode:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The server for {url} stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"The server for {url} did not answer within {timeout}s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def origins(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """Two running copies of the example project over one demo database: (first, second)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tmp = tmp_path_factory.mktemp("site")
    first, second = (f"http://127.0.0.1:{free_port()}" for _ in range(2))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp / "media"),
        "DJANGO_DEBUG": "1",  # runserver serves the page's static files
        "MUSICLIB_CORS_ORIGINS": second,
        "PYTHONPATH": str(ROOT),
        # Not the test settings that pytest-django chose for this process.
        "DJANGO_SETTINGS_MODULE": "example_project.settings",
    }
    manage("migrate", "--noinput", env=env)
    manage("load_demo", env=env)
    servers = []
    try:
        for name, origin in (("first", first), ("second", second)):
            log = ARTIFACTS / f"server-{name}.log"
            # The server writes to its own copy of the file; this one is closed at once.
            with log.open("w") as output:
                process = subprocess.Popen(
                    [
                        sys.executable,
                        str(ROOT / "example_project" / "manage.py"),
                        "runserver",
                        "--noreload",
                        origin.removeprefix("http://"),
                    ],
                    env=env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            servers.append(process)
            wait_until_up(f"{origin}/api/", process, log)
        yield first, second
    finally:
        for process in servers:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    # The performance log holds the network events: it shows what the <audio> received.
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


class Page:
    """The listening page in one browser, with waits that say what they waited for."""

    def __init__(self, driver: WebDriver, label: str) -> None:
        self.driver = driver
        self.label = label
        self.shots = 0

    def screenshot(self, name: str) -> None:
        self.shots += 1
        self.driver.save_screenshot(str(ARTIFACTS / f"{self.label}-{self.shots:02d}-{name}.png"))

    def find(self, css: str) -> Any:
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def visible_error(self) -> str:
        banner = self.driver.find_elements(By.CSS_SELECTOR, "#error:not([hidden])")
        return banner[0].text if banner else ""

    def wait_for(self, what: str, condition: Callable[[WebDriver], Any]) -> Any:
        try:
            # The page re-renders what it shows: an element found a moment ago may be gone.
            return WebDriverWait(
                self.driver, WAIT, ignored_exceptions=[StaleElementReferenceException]
            ).until(condition)
        except TimeoutException:
            self.screenshot("failed")
            console = [entry["message"] for entry in self.driver.get_log("browser")]
            pytest.fail(
                f"[{self.label}] waited {WAIT}s for {what}. "
                f"Error shown on the page: {self.visible_error() or 'none'}. "
                f"Browser console: {console or 'empty'}"
            )

    def wait_for_css(self, what: str, css: str) -> Any:
        return self.wait_for(what, lambda d: d.find_elements(By.CSS_SELECTOR, css) or False)

    def fill_login(self, username: str, password: str, button: str) -> None:
        form = self.find("#login-form")
        form.find_element(By.NAME, "username").send_keys(username)
        form.find_element(By.NAME, "password").send_keys(password)
        form.find_element(By.NAME, button).click()

    def signed_in_as(self, username: str) -> None:
        self.wait_for(
            f"the page to say it is signed in as {username}",
            lambda d: (
                username in (d.find_elements(By.ID, "signed-in") or [None])[0].text
                if d.find_elements(By.ID, "signed-in")
                else False
            ),
        )

    def log_out(self) -> None:
        self.find("#logout").click()
        self.wait_for_css("the login form after logging out", "#login-form")


def song_with_audio(api_origin: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{api_origin}/api/songs?page_size=100", timeout=10) as answer:
        songs = json.load(answer)["results"]
    playable = [song for song in songs if song["audio"]]
    assert playable, "the demo data has no song with audio"
    return playable[0]


def stream_statuses(driver: WebDriver, song_id: int) -> list[int]:
    """Statuses of the responses to the song's stream URL, from the performance log."""
    statuses = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") != "Network.responseReceived":
            continue
        response = message["params"]["response"]
        if f"/api/songs/{song_id}/stream" in response["url"]:
            statuses.append(response["status"])
    return statuses


def listen(driver: WebDriver, page_url: str, api_origin: str, label: str) -> None:
    """Sign up, log in, search, like, comment, play and log out, as a person would."""
    page = Page(driver, label)
    username = f"{label}-{uuid.uuid4().hex[:8]}"
    song = song_with_audio(api_origin)

    driver.get(page_url)
    page.wait_for_css("the first list of songs", "body[data-ready] #results li[data-song]")
    page.screenshot("start")

    # An error from the API is shown, not swallowed.
    page.fill_login(username, "not-the-password", "login")
    page.wait_for("the login error", lambda d: "Unable to log in" in page.visible_error() or False)
    page.screenshot("login-error")

    # Sign up (which logs in), log out, and log in again.
    form = page.find("#login-form")
    form.find_element(By.NAME, "username").clear()
    form.find_element(By.NAME, "password").clear()
    page.fill_login(username, PASSWORD, "signup")
    page.signed_in_as(username)
    page.log_out()
    page.fill_login(username, PASSWORD, "login")
    page.signed_in_as(username)
    assert not page.visible_error()
    page.screenshot("logged-in")

    # Search for the song and open it.
    search = page.find("#search")
    search.clear()
    search.send_keys(song["title"])
    page.find("#search-form button[type=submit]").click()
    item = page.wait_for_css(f"{song['title']!r} in the results", f"li[data-song='{song['id']}']")
    item[0].find_element(By.CSS_SELECTOR, "button").click()
    page.wait_for(
        "the song to open",
        lambda d: (
            d.find_elements(By.ID, "song-title")
            and d.find_element(By.ID, "song-title").text == song["title"]
        ),
    )
    page.screenshot("song")

    # Like it: the count goes up by one and the button shows it is pressed.
    likes = int(page.find("#like-count").text)
    page.find("#like").click()
    page.wait_for(
        f"the like count to become {likes + 1}",
        lambda d: (
            d.find_element(By.ID, "like-count").text == str(likes + 1)
            and d.find_element(By.ID, "like").get_attribute("aria-pressed") == "true"
        ),
    )

    # Comment, then edit the comment.
    text = f"Played it in a browser ({label})."
    page.find("#comment-form textarea").send_keys(text)
    page.find("#comment-form button").click()
    page.wait_for("the new comment", lambda d: text in d.find_element(By.ID, "comments").text)
    page.find("#comments li:last-child button.edit").click()
    editor = page.wait_for_css("the comment editor", "#comments .edit-form textarea")[0]
    editor.clear()
    editor.send_keys(text + " Twice.")
    page.find("#comments .edit-form button").click()
    page.wait_for(
        "the edited comment",
        lambda d: (
            f"{text} Twice." in d.find_element(By.ID, "comments").text
            and "(edited)" in d.find_element(By.ID, "comments").text
        ),
    )
    page.screenshot("commented")

    # Play: the <audio> element streams the file with Range requests, answered 206.
    # (preload="metadata" may already have fetched the first bytes when the song opened.)
    driver.execute_script("document.getElementById('player').play()")
    page.wait_for(
        "the player to play",
        lambda d: d.execute_script(
            "const p = document.getElementById('player'); return p.currentTime > 0.2 && !p.error"
        ),
    )
    statuses = stream_statuses(driver, song["id"])
    assert 206 in statuses, f"[{label}] the stream answered {statuses}, expected a 206"
    page.screenshot("playing")

    page.log_out()
    assert not page.visible_error(), page.visible_error()
    page.screenshot("logged-out")


def test_the_page_on_the_api_origin_with_a_session(browser: WebDriver, origins) -> None:
    first, _ = origins
    listen(browser, f"{first}/", first, "same-origin")
    origin_note = browser.find_element(By.ID, "api-origin").text
    assert "session" in origin_note


def test_the_page_on_another_origin_with_a_token(browser: WebDriver, origins) -> None:
    first, second = origins
    listen(browser, f"{second}/?api={first}", first, "cross-origin")
    origin_note = browser.find_element(By.ID, "api-origin").text
    assert first in origin_note and "token" in origin_note


def test_another_origin_not_allowed_is_refused_by_the_browser(browser: WebDriver, origins) -> None:
    """Only the origins in MUSICLIB_CORS_ORIGINS may call the API from a page."""
    first, _ = origins
    third = f"http://localhost:{first.rsplit(':', 1)[1]}"  # same server, another origin
    browser.get(f"{third}/?api={first}")
    page = Page(browser, "refused-origin")
    page.wait_for("an error on the page", lambda d: page.visible_error() or False)
    assert "cannot be reached" in page.visible_error()
    page.screenshot("refused")
