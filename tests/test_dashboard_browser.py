"""The dashboard end to end in Debian's headless Chromium driven by Selenium: every page loads, filters
apply, a chart point leads to its evidence, and the browser logs no error. Screenshots go to
tests/artifacts/ (git-ignored)."""
from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).with_name("artifacts")

if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    if os.environ.get("DYADWATCH_REQUIRE_BROWSER") == "1":
        pytest.fail("DYADWATCH_REQUIRE_BROWSER=1 but /usr/bin/chromium or /usr/bin/chromedriver is missing "
                    "(apt-get install chromium chromium-driver)", pytrace=False)
    pytest.skip("no system Chromium (/usr/bin/chromium and /usr/bin/chromedriver; apt-get install chromium "
                "chromium-driver) — browser tests skipped", allow_module_level=True)

selenium = pytest.importorskip("selenium", reason="selenium is in the 'test' extra")
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dyadwatch.store import open_store
from dyadwatch.web import create_app

from .web_store import fill


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, coder_factory):
    """uvicorn on a free local port, over a DuckDB store filled with coded and generated documents."""
    import uvicorn

    store = open_store(tmp_path_factory.mktemp("web") / "dash.duckdb")
    facts = fill(store, coder_factory("en"))
    app = create_app(store, rate_per_minute=0, coder=coder_factory("en"))
    port = _free_port()
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", facts
    uv.should_exit = True
    thread.join(10)
    store.close()


@pytest.fixture(scope="module")
def browser():
    """The system Chromium and chromedriver, named explicitly so Selenium Manager fetches nothing."""
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1366,900", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_page_load_timeout(30)
    ARTIFACTS.mkdir(exist_ok=True)
    yield driver
    driver.quit()


@pytest.fixture
def page(server, browser):
    """Open a route, wait until it has rendered, and check the console stays clean after the test."""
    base, _ = server
    browser.get_log("browser")          # drop what earlier tests left

    def open_route(route: str, expect: str):
        browser.get(f"{base}/#/{route}")
        return wait_for(browser, expect)

    yield open_route
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, f"console errors: {errors}"


def wait_for(browser, route: str):
    """Until the route's render finished (main is not busy and says which route it shows)."""
    WebDriverWait(browser, 20).until(lambda d: d.execute_script(
        "const m = document.querySelector('main');"
        "return m.dataset.route === arguments[0] && m.getAttribute('aria-busy') === 'false';", route))
    heading = browser.find_element(By.CSS_SELECTOR, "main h1").text
    assert heading != "Something went wrong", browser.find_element(By.CSS_SELECTOR, "main").text
    return heading


def shot(browser, name: str) -> None:
    browser.execute_script("window.scrollTo(0, 0)")
    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def click(browser, element) -> None:
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", element)


def test_overview(page, browser):
    assert page("", "overview") == "Overview"
    bars = browser.find_elements(By.CSS_SELECTOR, "main svg g.point")
    assert len(bars) >= 10
    assert "CHN–RUS" in browser.find_element(By.CSS_SELECTOR, "main table").text
    shot(browser, "overview")
    busiest = max(bars, key=lambda b: int(b.get_attribute("aria-label").split(": ")[1].split()[0]))
    click(browser, busiest)             # a week of the volume chart → the events of that week
    wait_for(browser, "events")
    assert browser.find_elements(By.CSS_SELECTOR, "main tbody tr")


def test_dyad_explorer_point_leads_to_highlighted_sentence(page, browser):
    assert "RUS" in page("dyad?a=RUS&b=CHN", "dyad")
    by = browser.find_element(By.NAME, "by")
    by.find_element(By.CSS_SELECTOR, "option[value='day']").click()
    browser.find_element(By.CSS_SELECTOR, "main form button").click()       # apply the filter
    WebDriverWait(browser, 20).until(lambda d: "by=day" in d.current_url and
                                     d.find_element(By.TAG_NAME, "main").get_attribute("aria-busy") == "false")
    assert "by day" in browser.find_element(By.ID, "tl").text
    shot(browser, "dyad-explorer")
    meeting = browser.find_element(By.CSS_SELECTOR, "main svg g.point[data-period='2024-10-14']")
    meeting.send_keys("\n")             # keyboard: Enter on a focused bar
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#behind ~ table tbody tr"))
    evidence = [a for a in browser.find_elements(By.CSS_SELECTOR, "#behind ~ table a") if "Lavrov" in a.text]
    assert evidence, "the Beijing meeting is behind the 14 October point"
    evidence[0].click()
    wait_for(browser, "event")
    trigger = browser.find_element(By.CSS_SELECTOR, "blockquote.sentence mark.trigger").text
    marks = {m.get_attribute("class") for m in browser.find_elements(By.CSS_SELECTOR, "blockquote.sentence mark")}
    assert trigger == "met" and {"trigger", "source", "target", "place"} <= marks
    assert "Daily Two" in browser.find_element(By.CSS_SELECTOR, "main table").text     # other article of the cluster
    shot(browser, "event")


def test_dyad_explorer_with_a_person(page, browser):
    assert "Lavrov" in page("dyad?a=Lavrov&b=CHN&by=day", "dyad")
    browser.find_element(By.CSS_SELECTOR, "main svg g.point[data-period='2024-10-14']").send_keys("\n")
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#behind ~ table tbody tr"))
    sentences = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#behind ~ table tbody td:last-child a")]
    assert sentences and all("Lavrov" in text for text in sentences)


def test_events_filter(page, browser):
    page("events", "events")
    field = browser.find_element(By.NAME, "type")
    field.send_keys("CONSULT")
    field.submit()
    WebDriverWait(browser, 20).until(lambda d: "type=CONSULT" in d.current_url and
                                     d.find_element(By.TAG_NAME, "main").get_attribute("aria-busy") == "false")
    types = {td.text for td in browser.find_elements(By.CSS_SELECTOR, "main tbody td:nth-child(2)")}
    assert types == {"CONSULT"}
    shot(browser, "events")


def test_map_clusters_and_filter(page, browser):
    page("map?country=CHN", "map")
    circles = browser.find_elements(By.CSS_SELECTOR, "main svg g.point")
    assert circles
    click(browser, circles[0])
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#here ~ table tbody tr"))
    shot(browser, "map")


def test_network_edge_opens_dyad(page, browser):
    page("network", "network")
    edge = browser.find_element(By.CSS_SELECTOR, "main svg g.point line[data-dyad='CHN-RUS']")
    shot(browser, "network")
    click(browser, edge)
    assert "CHN" in wait_for(browser, "dyad")


def test_document_view(page, browser, server):
    _, facts = server
    assert page(f"document/{facts['coded_doc_ids'][0]}", "document") == "Russia and China hold talks in Beijing"
    marks = {m.get_attribute("class") for m in browser.find_elements(By.CSS_SELECTOR, ".doctext mark")}
    assert {"trigger", "quote", "place"} <= marks
    assert "Our partnership is stronger than ever" in browser.find_element(By.TAG_NAME, "main").text
    shot(browser, "document")


def test_code_a_text(page, browser):
    page("code", "code")
    browser.find_element(By.ID, "code-text").send_keys("Sergei Lavrov met Wang Yi in Beijing on Monday.")
    browser.find_element(By.CSS_SELECTOR, "main form button").click()
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#coded"))
    assert "CONSULT" in browser.find_element(By.CSS_SELECTOR, "main table").text
    assert browser.find_elements(By.CSS_SELECTOR, ".doctext mark.trigger")
    shot(browser, "code")
