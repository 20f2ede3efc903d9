"""The API reference as a reader gets it: the site MkDocs builds from generated/docs/.

The site builds with --strict, every internal link and anchor resolves, nothing is fetched from
outside it, every wire type, type and category has its page, each type lists the events that
carry it, client events say so wherever they are listed, the site says which catalogue it
describes, and the code on the pages runs: the Python, JSON Schema and Pydantic pages' doctests,
the AsyncAPI page's script, every event's handler snippet (executed, and type-checked with mypy
--strict), and the home page's quick start. (The TypeScript page's examples are compiled and
run by test_docs_typescript.py.)
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from codegen import naming
from codegen.ir import Event, ObjectType, UnionType, referenced_types
from codegen.pipeline import generate
from codegen.targets import REGISTRY
from tests.helpers.docs_site import (
    FIGURES,
    build_site,
    check_links,
    code_blocks,
    html_pages,
    printed,
    read_page,
    run_doctests,
    target_file,
)
from tests.helpers.support import GENERATED, MINI_SPEC, ROOT, catalogue

PAGES = GENERATED / "docs" / "pages"
GOLDEN_DOCS = ROOT / "tests" / "golden" / "mini" / "docs"


def test_every_link_and_anchor_resolves_and_nothing_leaves_the_site(site: Path) -> None:
    report = check_links(site)
    assert report.broken == []
    assert report.external == []
    FIGURES.append(f"{report.pages} HTML pages, {report.links} links and resources checked")


def event_html(event: Event) -> str:
    """The built page of an event, under the site's folder: a wire type both sides of a
    protocol send has the second side's page one folder down."""
    spec = catalogue()
    protocol = "" if event.protocol == spec.primary.key else event.protocol
    twin = [
        e for e in spec.events if (e.protocol, e.wire_type) == (event.protocol, event.wire_type)
    ]
    second = event.direction != spec.unions_of(event.protocol)[0].direction and len(twin) > 1
    page = naming.docs_event_page(event.wire_type, protocol, event.direction if second else "")
    return page.removesuffix(".md") + "/index.html"


def test_every_wire_type_type_category_and_protocol_has_its_page(site: Path) -> None:
    spec = catalogue()
    pages = html_pages(site)
    types = [t.name for t in spec.types]
    categories = [c.key for c in spec.categories if any(e.category == c.key for e in spec.events)]
    protocols = [p.key for p in spec.protocols]
    missing = [
        *(event_html(e) for e in spec.events if event_html(e) not in pages),
        *(f"types/{n}/" for n in types if f"types/{n}/index.html" not in pages),
        *(f"categories/{c}/" for c in categories if f"categories/{c}/index.html" not in pages),
        *(f"protocols/{p}/" for p in protocols if f"protocols/{p}/index.html" not in pages),
    ]
    assert missing == []
    for event in spec.events:  # the page is the event's, not a stray one at that URL
        heading = " ".join(read_page(site / event_html(event)).text)
        assert event.wire_type in heading, event.wire_type
        if event.protocol != spec.primary.key:  # and says which protocol
            assert spec.protocol(event.protocol).title in heading, event.wire_type
    FIGURES.append(
        f"{len(spec.events)} event pages, {len(types)} type pages, {len(categories)} category "
        f"pages, {len(protocols)} protocol pages"
    )


def test_retired_events_and_protocol_versions_carry_a_banner(site: Path) -> None:
    spec = catalogue()
    for event in spec.events:
        text = " ".join(read_page(site / event_html(event)).text)
        assert ("No longer served" in text) == (event.versions == ("beta",)), event.wire_type
    realtime = " ".join(read_page(site / "protocols" / "realtime" / "index.html").text)
    assert "No longer served" in realtime and "4000" in realtime
    assert "beta_api_shape_disabled" in realtime


def test_the_site_asks_for_no_font_and_no_script_from_elsewhere(site: Path) -> None:
    """The pages and stylesheets name nothing outside the site. (The theme's script holds
    fallbacks it fetches only for a browser without ResizeObserver or for Mermaid diagrams,
    which these pages do not have; the browser test fails on any request that leaves.)"""
    offenders = [
        p.relative_to(site).as_posix()
        for p in [*site.rglob("*.html"), *site.rglob("*.css")]
        if re.search(
            r"https?://(?!www\.w3\.org/)[^\s\"')]+\.(css|js|woff2?|ttf)|fonts\.g",
            p.read_text("utf-8"),
        )
    ]
    assert offenders == []
    for stylesheet in site.rglob("*.css"):
        imports = re.findall(r"@import|url\(\s*['\"]?(?:https?:)?//", stylesheet.read_text("utf-8"))
        assert imports == [], stylesheet
    assert not any("mermaid" in p.read_text("utf-8") for p in site.rglob("*/index.html"))


def test_each_type_page_lists_the_events_and_types_that_use_it(site: Path) -> None:
    spec = catalogue()
    users: dict[str, set[str]] = {}
    for event in spec.events:
        for f in event.fields:
            for name in referenced_types(f.type):
                users.setdefault(name, set()).add(event_html(event))
    for declared in spec.types:
        names = []
        if isinstance(declared, ObjectType):
            names = [n for f in declared.fields for n in referenced_types(f.type)]
        elif isinstance(declared, UnionType):
            names = list(declared.members)
        for name in names:
            users.setdefault(name, set()).add(f"types/{declared.name}/index.html")
    unlisted = []
    for name, expected in sorted(users.items()):
        path = f"types/{name}/index.html"
        linked = {
            found[0]
            for href in read_page(site / path).links
            if (found := target_file(site, path, href))
        }
        unlisted += [f"{name}: {user}" for user in sorted(expected - linked)]
    assert unlisted == []


# Each target's tab, by the target's name: every one of them declares every event.
TAB_TITLES = {
    "python": "Python",
    "jsonschema": "JSON Schema",
    "pydantic": "Pydantic",
    "typescript": "TypeScript",
    "asyncapi": "AsyncAPI",
}


def test_event_pages_have_a_code_tab_per_target(site: Path) -> None:
    """In the registry's order, which is the order the docs target meets them in."""
    titles = [TAB_TITLES[target.name] for target in REGISTRY if target.name in TAB_TITLES]
    assert titles[0] == "Python" and "JSON Schema" in titles
    for event in catalogue().events:
        html = (site / event_html(event)).read_text("utf-8")
        labels = re.findall(r'<label for="__tabbed_\d+_\d+">([^<]*)</label>', html)
        assert labels == titles, event.wire_type


# --- the code on the pages runs ---------------------------------------------------------------


def test_python_api_examples_run() -> None:
    results, report = run_doctests((PAGES / "python.md").read_text("utf-8"), "python.md")
    assert results.failed == 0, report
    assert results.attempted >= 30
    FIGURES.append(f"Python API page: {results.attempted} doctest examples pass")


def test_python_api_examples_run_on_the_mini_catalogue() -> None:
    sys.path.insert(0, str(GOLDEN_DOCS.parent))
    try:
        results, report = run_doctests(
            (GOLDEN_DOCS / "pages" / "python.md").read_text("utf-8"), "mini python.md"
        )
    finally:
        sys.path.remove(str(GOLDEN_DOCS.parent))
    assert results.failed == 0, report


def test_a_direction_with_no_events_yet_gets_no_client_example(tmp_path: Path) -> None:
    """A catalogue may declare the client's direction before it has any client event (the
    benchmark's synthetic specs do): the Python API page then leaves out the client example,
    which would have nothing to decode, and the site is still generated."""
    spec = tmp_path / "mini"
    shutil.copytree(MINI_SPEC, spec)
    (spec / "events" / "requests.yaml").unlink()
    page = generate(spec)["docs/pages/python.md"]
    assert "rt.parse_event(" in page
    assert "parse_client_event(" not in page
    assert "parse_client_event(" in (GOLDEN_DOCS / "pages" / "python.md").read_text("utf-8")


def handler_snippets() -> dict[str, str]:
    """Each event page's handler snippet (the Python tab's block that imports the package)."""
    found = {}
    for event in catalogue().union.events:
        page = (PAGES / "events" / f"{event.wire_type}.md").read_text("utf-8")
        snippets = [
            b for b in code_blocks(page, "python") if b.startswith("import realtime_events")
        ]
        assert len(snippets) == 1, event.wire_type
        found[event.wire_type] = snippets[0]
    return found


def test_every_handler_snippet_runs_on_the_event_s_examples() -> None:
    for wire_type, code in handler_snippets().items():
        namespace: dict[str, Any] = {}
        exec(compile(code, f"<{wire_type} handler>", "exec"), namespace)
        examples = next(e for e in catalogue().events if e.wire_type == wire_type).examples
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            for example in examples:
                namespace["dispatcher"].dispatch(example.text)
        assert len(printed.getvalue().splitlines()) == len(examples), wire_type


def test_every_handler_snippet_type_checks(tmp_path: Path) -> None:
    snippets = handler_snippets()
    for index, code in enumerate(snippets.values()):
        (tmp_path / f"handler_{index}.py").write_text(code, encoding="utf-8")
    modules = sorted(p.name for p in tmp_path.glob("*.py"))
    command = [sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
               "--cache-dir", str(ROOT / ".mypy_cache" / "tests"), *modules]  # fmt: skip
    env = {**os.environ, "MYPYPATH": str(GENERATED)}
    result = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    FIGURES.append(f"{len(snippets)} handler snippets run and pass mypy --strict")


def test_the_home_page_quick_start_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the JSON Schema quick start opens generated/schema/...
    monkeypatch.syspath_prepend(str(GENERATED / "pydantic"))  # the Pydantic package's home
    blocks = code_blocks((PAGES / "index.md").read_text("utf-8"), "python")
    assert blocks
    for code in blocks:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, "<quick start>", "exec"), {})


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini catalogue's site, built from its golden output."""
    return build_site(GOLDEN_DOCS, tmp_path_factory.mktemp("mini") / "site")


def test_the_mini_site_shows_each_side_s_events(mini_site: Path) -> None:
    """The mini catalogue has a client event too: its site builds, its links resolve, the
    indexes have a table per side, and the client event's page says who sends it (and has no
    dispatcher snippet, since the dispatcher takes the server's events)."""
    site = mini_site
    report = check_links(site)
    assert report.broken == [] and report.external == []
    index = " ".join(read_page(site / "events" / "index.html").text)
    assert "Server events" in index and "Client events" in index
    client = (GOLDEN_DOCS / "pages" / "events" / "thing.create.md").read_text("utf-8")
    assert 're-badge--direction">Client events</span>' in client
    assert "Dispatcher()" not in client
    server = (GOLDEN_DOCS / "pages" / "events" / "thing.created.md").read_text("utf-8")
    assert "Dispatcher()" in server and "re-badge--direction" in server


def tab_titles(site: Path) -> list[str]:
    """The theme's top tabs: one per section of the navigation."""
    html = (site / "index.html").read_text("utf-8")
    return re.findall(r'class="md-tabs__link">\s*([^<]*?)\s*</a>', html)


def test_the_changes_page_is_in_the_navigation(site: Path) -> None:
    """What each release added and changed: a section of the navigation, linked from the home
    page, naming every release of the history."""
    assert "Changes" in tab_titles(site)
    home = read_page(site / "index.html")
    assert any(href.rstrip("/").endswith("changes") for href in home.links)
    text = " ".join(read_page(site / "changes" / "index.html").text)
    releases = catalogue().releases
    assert releases and all(version in text for version in releases)


def test_the_mini_site_says_when_each_event_and_field_came(mini_site: Path) -> None:
    """The mini spec's history (two made-up releases before its 1.0.0): the Changes page lists
    them after what is not yet released, linked to the events' and fields' rows, and each
    event's page says when it was added and last changed."""
    assert "Changes" in tab_titles(mini_site)
    changes = read_page(mini_site / "changes" / "index.html")
    text = " ".join(changes.text)
    assert text.index("1.0.0 (not yet released)") < text.index("0.9.0") < text.index("0.8.0")
    assert any(href.endswith("thing.created/#field-hops") for href in changes.links)
    created = " ".join(read_page(mini_site / "events" / "thing.created" / "index.html").text)
    assert "Added in 0.8.0; last changed in 0.9.0." in created


def test_search_tells_apart_a_wire_type_two_protocols_share(site: Path) -> None:
    """`session.created` is an event of the Realtime API and of the translation protocol: the
    search results (listed by page title) say which is which."""
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    assert titles["events/session.created/"] == "session.created"
    translation = catalogue().protocol("translation").title
    assert titles["events/translation/session.created/"] == f"session.created ({translation})"


# --- the other targets' pages ------------------------------------------------------------------


def test_the_json_schema_page_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # they open generated/schema/...
    results, report = run_doctests((PAGES / "json-schema.md").read_text("utf-8"), "json-schema.md")
    assert results.failed == 0, report
    assert results.attempted >= 10
    FIGURES.append(f"JSON Schema page: {results.attempted} doctest examples pass")


def test_the_pydantic_page_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(GENERATED / "pydantic"))  # the Pydantic package's home
    results, report = run_doctests((PAGES / "pydantic.md").read_text("utf-8"), "pydantic.md")
    assert results.failed == 0, report
    assert results.attempted >= 10
    FIGURES.append(f"Pydantic page: {results.attempted} doctest examples pass")


def test_the_asyncapi_page_script_prints_what_it_says(tmp_path: Path) -> None:
    """Run from the repository's root with Node and the parser the tests pin."""
    blocks = code_blocks((PAGES / "asyncapi.md").read_text("utf-8"), "js")
    assert len(blocks) == 1
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    script = tmp_path / "read.mjs"
    script.write_text(blocks[0], "utf-8")
    node = shutil.which("node") or "node"
    result = subprocess.run(
        [node, str(script)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == printed(blocks[0])


def test_the_api_section_lists_every_target_page(site: Path) -> None:
    """The targets' own pages, each in the navigation and linked from the home page."""
    pages = ["python", "json-schema", "pydantic", "typescript", "asyncapi"]
    home = read_page(site / "index.html")
    for page in pages:
        html = site / page / "index.html"
        assert html.exists(), page
        assert any(href.rstrip("/").endswith(page) for href in home.links), page
    tabs = tab_titles(site)
    assert tabs[-1] == "API", tabs


def test_the_site_says_which_catalogue_and_reference_edition_it_describes(site: Path) -> None:
    spec = catalogue()
    assert spec.reference is not None
    for page in ("index.html", "events/index.html", "python/index.html"):
        html = (site / page).read_text("utf-8")
        footer = html[html.index('class="md-copyright"') :]
        assert spec.version in footer and spec.reference in footer, page
    home = " ".join(read_page(site / "index.html").text)
    assert spec.version in home and spec.reference in home


def test_client_events_say_so_wherever_they_are_listed(site: Path) -> None:
    """In the navigation (and so in search results, which show page titles), and in the lists
    of what uses a type; the tables have a section per side."""
    spec = catalogue()
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    titles = {doc["location"]: doc["title"] for doc in index["docs"] if "#" not in doc["location"]}
    for event in spec.events:
        location = event_html(event).removesuffix("index.html")
        sent_by_client = event.direction != spec.unions_of(event.protocol)[0].direction
        assert titles[location].endswith("client)") == sent_by_client, titles[location]
    request = (site / "types" / "SessionRequest" / "index.html").read_text("utf-8")
    assert "<code>session.update</code> (client)" in request


def test_examples_in_the_table_of_contents_say_their_version(site: Path) -> None:
    """An event that both versions send has examples of each, often with the same title: each
    heading (and so each entry of the table of contents) names its version, and none repeats."""
    spec = catalogue()
    for event in spec.events:
        html = (site / event_html(event)).read_text("utf-8")
        contents = html[html.index("md-nav--secondary") :]  # the page's own table of contents
        contents = contents[: contents.index("</nav>")]
        toc = re.findall(r'<a href="#[^"]*" class="md-nav__link">\s*<span class="md-ellipsis">'
                         r"\s*([^<]*?)\s*</span>", contents)  # fmt: skip
        assert len(toc) == len(set(toc)), (event.wire_type, toc)
        if len(event.versions) > 1:
            protocol = spec.protocol(event.protocol)
            for example in event.examples:
                title = f"{example.title} ({protocol.version(example.version or '').title})"
                assert title in toc, (event.wire_type, title, toc)
