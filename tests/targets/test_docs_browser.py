"""The reference in a real browser: headless Chromium (Debian's), driven by Playwright.

A reader's path through the site, served on 127.0.0.1: the home page, a search for a wire type,
the event page it finds, a switch of code tab, on to a page that carries an object and that
object's type page, down its list of users to a field's row, and back. Then a second reader's:
a search for a TypeScript function that only the TypeScript API page names, and every page of
the API section, reached through the navigation. Any console error, uncaught exception, failed
or refused request, or request to any other host fails the test. Each page visited is saved as
a screenshot under test-output/browser/ for a person to look at.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Request,
    Route,
    expect,
    sync_playwright,
)

from codegen.ir import Event, NamedType
from tests.helpers.docs_site import FIGURES, serve
from tests.helpers.support import ROOT, catalogue

# Its module-scoped fixtures are costly: one worker runs the whole module.
pytestmark = pytest.mark.xdist_group("browser")

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; the Makefile installs it
# The flags this machine needs (root, no GPU), and no background traffic to Google's hosts.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = ROOT / "test-output" / "browser"
SEARCHED = "output_audio.delta"
FOUND = "response.output_audio.delta"
# A function of the TypeScript package that only its API page names, and that page's heading.
FUNCTION = "unknownFields"
FUNCTION_PAGE = ("typescript/", "TypeScript API")
# The API section's pages, as the navigation lists them: path and heading.
API_PAGES = [
    ("python/", "Python API"),
    ("json-schema/", "JSON Schema"),
    ("pydantic/", "Pydantic models"),
    ("typescript/", "TypeScript API"),
    ("asyncapi/", "AsyncAPI document"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: `make test` installs Debian's chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


class Watch:
    """Everything that went wrong while the pages ran, as readable lines."""

    def __init__(self, page: Page, base: str) -> None:
        self.base = base
        self.problems: list[str] = []
        self.requests = 0
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))
        page.on("requestfailed", self.failed)
        page.on("response", self.response)
        page.route("**/*", self.route)

    def console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text} ({message.location})")

    def failed(self, request: Request) -> None:
        # A request the browser itself drops when the page moves on (a favicon still loading)
        # is not a failure of the site; a missing file shows as an HTTP error, a refused host
        # as another failure, and a request to another host is caught by `route`.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def response(self, response: object) -> None:
        status = getattr(response, "status", 0)
        if status >= 400:
            self.problems.append(f"HTTP {status}: {getattr(response, 'url', '')}")

    def route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(self.base) or url.startswith("data:"):
            self.requests += 1
            route.continue_()
        else:
            self.problems.append(f"request to another host: {url}")
            route.abort()


def shot(page: Page, name: str) -> None:
    page.wait_for_load_state("load")
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def heading(page: Page) -> str:
    """The page's title, without the permalink sign after it."""
    return page.locator("article h1").first.inner_text().removesuffix("¶").strip()


def search(page: Page, query: str) -> list[str]:
    """Type `query` into the search box as a person would; the results' links, best first."""
    box = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    box.click()
    box.fill("")
    expect(meta).not_to_contain_text("matching document")  # the last query's results are gone
    box.fill(query)  # one input event: no results of a part of the query to mistake
    box.press("End")  # and a key, as typing ends with one
    expect(meta).to_contain_text(re.compile(r"\d+ matching documents?"))
    results = page.locator(".md-search-result__item > a")
    return [results.nth(i).get_attribute("href") or "" for i in range(results.count())]


def distinctive_word(event: Event) -> str:
    """The word of the event's description that the fewest other events use (ties by word)."""

    def words(text: str) -> set[str]:
        return set(re.findall(r"[a-z]{6,}", text.lower()))

    usage: dict[str, int] = {}
    for other in catalogue().events:
        for word in words(other.summary + " " + other.description):
            usage[word] = usage.get(word, 0) + 1
    return min(words(event.description), key=lambda word: (usage[word], word))


def carrier_and_type(category: str) -> tuple[str, str, str]:
    """An event of `category` with a field of a declared type: (wire type, field, type)."""
    for event in catalogue().events:
        if event.category != category:
            continue
        for f in event.fields:
            if isinstance(f.type, NamedType):
                return event.wire_type, f.wire_name, f.type.name
    raise AssertionError(f"no event of {category} carries an object")


@pytest.fixture(scope="module")
def shots() -> Path:
    """The screenshots' folder, emptied once for the module's walks."""
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    return SHOTS


def test_search_an_event_switch_a_tab_and_visit_a_type(
    site: Path, browser: Browser, shots: Path
) -> None:
    found_event = next(e for e in catalogue().events if e.wire_type == FOUND)
    carrier, field, type_name = carrier_and_type(found_event.category)
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        watch = Watch(page, base)

        page.goto(base)
        assert heading(page) == catalogue().title
        shot(page, "01-home")

        word = distinctive_word(found_event)
        hrefs = search(page, word)
        assert any(href.startswith(f"{base}events/{FOUND}/") for href in hrefs), (word, hrefs)
        shot(page, "02-search-a-word")

        hrefs = search(page, SEARCHED)
        assert hrefs[0].startswith(f"{base}events/{FOUND}/"), hrefs[:3]
        shot(page, "03-search-the-wire-type")
        first = page.locator(".md-search-result__item > a").first
        first.click()
        page.wait_for_url(f"{base}events/{FOUND}/**")
        assert heading(page) == FOUND
        shot(page, "04-event")

        labels = page.locator(".tabbed-labels label")
        assert labels.count() >= 2
        second = labels.nth(1)
        second.scroll_into_view_if_needed()
        second.click()
        blocks = page.locator(".tabbed-content .tabbed-block")
        blocks.nth(1).wait_for(state="visible")
        assert blocks.nth(0).is_hidden()
        page.locator("h2#code").evaluate("heading => heading.scrollIntoView()")
        shot(page, "05-event-code-tab")

        category = found_event.category
        page.locator(f"article a[href$='categories/{category}/']").first.click()
        page.wait_for_url(f"{base}categories/{category}/")
        page.locator(f"article a[href$='events/{carrier}/']").first.click()
        page.wait_for_url(f"{base}events/{carrier}/")
        shot(page, "06-carrier-event")

        row = page.locator(f"tr:has(a#{re.escape(f'field-{field}')})")
        row.locator(f"a[href$='types/{type_name}/']").first.click()
        page.wait_for_url(f"{base}types/{type_name}/")
        assert heading(page) == type_name
        shot(page, "07-type")

        page.locator(f"article a[href$='events/{carrier}/#field-{field}']").first.click()
        page.wait_for_url(f"{base}events/{carrier}/#field-{field}")
        assert page.locator(f"a#field-{field}").is_visible()
        shot(page, "08-back-at-the-field")

        page.go_back()
        page.wait_for_url(f"{base}types/{type_name}/")
        assert heading(page) == type_name
        shot(page, "09-back-on-the-type")
        page.close()

    assert watch.problems == []
    visited = sorted(p.name for p in SHOTS.glob("*.png"))
    FIGURES.append(
        f"browser: {len(visited)} screenshots in test-output/browser/, "
        f"{watch.requests} requests to 127.0.0.1 and none elsewhere"
    )


def test_search_a_typescript_function_and_walk_the_api_section(
    site: Path, browser: Browser, shots: Path
) -> None:
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        watch = Watch(page, base)
        page.goto(base)

        path, title = FUNCTION_PAGE
        hrefs = search(page, FUNCTION)
        assert hrefs and hrefs[0].startswith(f"{base}{path}"), hrefs[:3]
        shot(page, "10-search-a-typescript-function")
        page.locator(".md-search-result__item > a").first.click()
        page.wait_for_url(f"{base}{path}**")
        assert heading(page) == title
        section = page.locator("article h3", has_text=FUNCTION).first
        section.scroll_into_view_if_needed()
        assert section.is_visible()
        shot(page, "11-typescript-unknown-fields")

        page.goto(base)
        page.locator(".md-tabs__link", has_text="API").first.click()  # opens the first page
        for number, (path, title) in enumerate(API_PAGES, start=12):
            if number > 12:
                page.locator(f".md-sidebar--primary a[href$='{path}']").first.click()
            page.wait_for_url(f"{base}{path}")
            assert heading(page) == title
            assert page.locator("article pre code").count() >= 1, path
            shot(page, f"{number}-{path.strip('/')}")
        page.close()

    assert watch.problems == []
    FIGURES.append(f"browser: the {len(API_PAGES)} API pages, and {FUNCTION} found by search")
