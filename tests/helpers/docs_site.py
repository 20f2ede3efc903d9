"""Helpers for the docs site tests: build a site with MkDocs, read its HTML, serve it locally.

A site is built from a generated `docs/` folder into a scratch directory, so that the tests
check what the generator writes today, not a `site/` left from an earlier `make docs`.
"""

from __future__ import annotations

import doctest
import functools
import http.server
import io
import os
import re
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# Figures the site tests report at the end of the run (conftest.py prints them).
FIGURES: list[str] = []

# Attributes that make the browser fetch something, per element; `a` only links.
_RESOURCES = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
    "embed": "src",
    "object": "data",
}


def build_site(docs: Path, out: Path) -> Path:
    """`mkdocs build --strict` of the docs folder `docs` (holding mkdocs.yml) into `out`."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
               "--config-file", str(docs / "mkdocs.yml"), "--site-dir", str(out)]  # fmt: skip
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}{result.stderr}"
    return out


@dataclass
class HtmlPage:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)  # href of <a>
    resources: list[str] = field(default_factory=list)  # what the browser loads
    text: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self, page: HtmlPage) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        if tag == "a" and "href" in values:
            self.page.links.append(values["href"])
        if tag == "link" and "href" in values:
            self.page.resources.append(values["href"])
        if tag in _RESOURCES and _RESOURCES[tag] in values:
            self.page.resources.append(values[_RESOURCES[tag]])
        if tag in ("script", "style"):
            self.skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.page.text.append(data)


def read_page(path: Path) -> HtmlPage:
    page = HtmlPage()
    reader = _Reader(page)
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return page


@functools.cache
def html_pages(site: Path) -> dict[str, HtmlPage]:
    """Every HTML page of the site by its path under it, except 404.html (whose links are
    written for any depth of URL, so they only resolve from where a server shows it)."""
    return {
        p.relative_to(site).as_posix(): read_page(p)
        for p in sorted(site.rglob("*.html"))
        if p.relative_to(site).as_posix() != "404.html"
    }


def is_external(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https") or url.startswith("//")


def target_file(site: Path, page: str, href: str) -> tuple[str, str] | None:
    """The page (path under `site`) and fragment an internal link from `page` leads to, or None
    if it leads to no file."""
    base = "http://site.invalid/" + page
    absolute = urljoin(base, href)
    parts = urlsplit(absolute)
    path = unquote(parts.path).lstrip("/")
    candidate = site / path
    if path == "" or path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    if not candidate.is_file():
        return None
    return candidate.relative_to(site).as_posix(), unquote(parts.fragment)


@dataclass(frozen=True, slots=True)
class LinkReport:
    pages: int
    links: int
    broken: list[str]
    external: list[str]


def check_links(site: Path) -> LinkReport:
    """Every link and resource of every page: internal ones must lead to a file (and to an
    element with the fragment's id); none may leave the site."""
    pages = html_pages(site)
    broken: list[str] = []
    external: list[str] = []
    count = 0
    for path, page in pages.items():
        for href in [*page.links, *page.resources]:
            if href.startswith(("data:", "mailto:", "javascript:")):
                continue
            count += 1
            if is_external(href):
                external.append(f"{path}: {href}")
                continue
            found = target_file(site, path, href)
            if found is None:
                broken.append(f"{path}: {href} leads to no file")
                continue
            target, fragment = found
            if fragment and target.endswith(".html"):
                ids = pages[target].ids if target in pages else read_page(site / target).ids
                if fragment not in ids:
                    broken.append(f"{path}: {href} names no element of {target}")
    return LinkReport(len(pages), count, broken, external)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 (a free port) while the block runs; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


_FENCE = re.compile(
    r"^(?P<indent> *)(?P<fence>`{3,})(?P<language>[\w-]*)\n(?P<body>.*?)^(?P=indent)(?P=fence)$",
    re.M | re.S,
)


def code_blocks(markdown: str, language: str) -> list[str]:
    """The fenced blocks of one language, tabs' indentation removed."""
    blocks = []
    for match in _FENCE.finditer(markdown):
        if match.group("language") == language:
            body = match.group("body")
            blocks.append(textwrap.dedent(body) if match.group("indent") else body)
    return blocks


def run_doctests(markdown: str, name: str) -> tuple[doctest.TestResults, str]:
    """Run the page's `pycon` blocks as one doctest session, as a reader would type them."""
    source = "\n".join(code_blocks(markdown, "pycon"))
    test = doctest.DocTestParser().get_doctest(source, {}, name, None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.REPORT_NDIFF)
    report = io.StringIO()
    results = runner.run(test, out=report.write)
    return results, report.getvalue()


_PRINTS = re.compile(r"^\s*// → ?(.*)$", re.M)


def printed(code: str) -> list[str]:
    """What an example program on the site says it prints: its `// →` lines, in order."""
    return _PRINTS.findall(code)
