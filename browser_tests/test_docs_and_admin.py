"""The interactive API docs and the admin of the example project in headless Chromium.

Run with ``make browser-test``, next to the listening page's test, whose servers and
browser it uses. Swagger UI must list the operations and run one ("Try it out", then
"Execute"), and the demo admin must sign in and see the songs. Screenshots go to
``artifacts/browser/``.
"""

from __future__ import annotations

from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from browser_tests.test_listening_page import (  # the fixtures are used by name
    Page,
    browser,  # noqa: F401
    origins,  # noqa: F401
    pytestmark,  # noqa: F401
)

# The admin that `manage.py load_demo` creates (example_project/demo/management/commands).
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "listen-to-the-demo"
SONGS_LIST = "#operations-songs-songs_list"


def click(driver: WebDriver, element: Any) -> None:
    """Click ``element`` once it is scrolled clear of Swagger UI's sticky header."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def live_status(driver: WebDriver) -> str | bool:
    """The status code of the answer Swagger UI shows for the song list, once it shows one."""
    cells = driver.find_elements(
        By.CSS_SELECTOR, f"{SONGS_LIST} .live-responses-table tbody .response-col_status"
    )
    return cells[0].text.strip() if cells and cells[0].text.strip() else False


def test_swagger_ui_lists_the_operations_and_runs_the_song_list(
    browser: WebDriver,  # noqa: F811
    origins: tuple[str, str],  # noqa: F811
) -> None:
    first, _ = origins
    page = Page(browser, "api-docs")
    browser.get(f"{first}/api/docs/")

    operation = page.wait_for_css("Swagger UI to list the song list operation", SONGS_LIST)[0]
    listed = {
        element.get_attribute("id")
        for element in browser.find_elements(By.CSS_SELECTOR, ".opblock[id^='operations-']")
    }
    for expected in ("artists-artists_list", "albums-albums_list", "comments-comments_list"):
        assert f"operations-{expected}" in listed, f"Swagger UI does not list {expected}"
    page.screenshot("operations")

    click(browser, operation.find_element(By.CSS_SELECTOR, ".opblock-summary"))
    try_out = page.wait_for_css("the 'Try it out' button", f"{SONGS_LIST} .try-out__btn")[0]
    click(browser, try_out)
    execute = page.wait_for_css("the 'Execute' button", f"{SONGS_LIST} .execute")[0]
    click(browser, execute)

    status = page.wait_for("Swagger UI to show the answer's status code", live_status)
    page.screenshot("executed")
    assert status == "200", f"the song list answered {status} in Swagger UI"
    answer = browser.find_element(By.CSS_SELECTOR, f"{SONGS_LIST} .live-responses-table").text
    assert '"results"' in answer, f"the answer shown is not a page of songs: {answer[:300]}"


def test_the_demo_admin_signs_in_and_opens_the_song_list(
    browser: WebDriver,  # noqa: F811
    origins: tuple[str, str],  # noqa: F811
) -> None:
    first, _ = origins
    page = Page(browser, "admin")
    browser.get(f"{first}/admin/login/?next=/admin/musiclib_songs/song/")

    form = page.wait_for_css("the admin's login form", "#login-form")[0]
    form.find_element(By.NAME, "username").send_keys(ADMIN_USERNAME)
    form.find_element(By.NAME, "password").send_keys(ADMIN_PASSWORD)
    page.screenshot("login")
    form.find_element(By.CSS_SELECTOR, "[type=submit]").click()

    rows = page.wait_for_css(
        "the song changelist after signing in", "#changelist #result_list tbody tr"
    )
    page.screenshot("songs")
    assert browser.current_url.endswith("/admin/musiclib_songs/song/"), browser.current_url
    assert rows, "the song changelist is empty"
    assert ADMIN_USERNAME in browser.find_element(By.ID, "user-tools").text.lower()
