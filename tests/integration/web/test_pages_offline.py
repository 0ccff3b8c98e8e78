"""Nothing the API's pages load comes from another host (issue #15, item 1).

Every page the API serves (GraphiQL at /graphql, the explorer at /explore) is
parsed for the resources it loads: HTML attributes that fetch (src, href of
stylesheets and icons, ...), CSS `url()` and `@import`, and in JavaScript the
module specifiers, `fetch`/`importScripts` targets and source maps. Each of them
must be a path on this server, and each is followed and parsed in turn. Our own
scripts may not hold an absolute URL at all. The browser test
(`test_browser.py` beside this file) records the requests a real Chromium makes on top of this.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.web.routes import VENDOR, missing_vendor_files
from kb.storage.database import Database

PAGES = ["/graphql", "/explore"]

# Attributes that make a browser fetch something.
FETCHING = {"src", "srcset", "href", "action", "formaction", "poster", "data", "manifest"}
# Links whose href is only a link, not a load.
NAVIGATION_RELS = {"", "noopener", "noreferrer", "help", "license", "author"}

CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]([^'"]+)""", re.I)
JS_LOADS = [
    re.compile(r"""\bimport\s*\(\s*['"]([^'"]+)['"]"""),  # dynamic import
    re.compile(r"""^\s*import\s[^'"]*['"]([^'"]+)['"]""", re.M),  # static import
    re.compile(r"""^\s*export\s[^'"]*\sfrom\s*['"]([^'"]+)['"]""", re.M),
    re.compile(
        r"""\b(?:fetch|importScripts|Worker|EventSource|WebSocket)\s*\(\s*['"]([^'"]+)['"]"""
    ),
    re.compile(r"""sourceMappingURL=(\S+)"""),
]
BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.S)
ABSOLUTE = re.compile(r"""(?:https?:|wss?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}""")
# Names, not places: XML namespaces are identifiers that are never fetched.
NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


class Loads(HTMLParser):
    """The URLs an HTML document makes a browser load, plus its inline code."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a" or (tag == "link" and values.get("rel", "") in NAVIGATION_RELS):
            pass
        else:
            for name, value in values.items():
                if name in FETCHING and value:
                    self.urls.extend(v.split()[0] for v in value.split(",") if v.strip())
        if "style" in values:
            self.inline.append(values["style"])
        if tag in {"script", "style"}:
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.inline.append(data)


def is_other_host(url: str) -> bool:
    if url.startswith("data:") or url.startswith("blob:"):
        return False
    parts = urlsplit(url)
    return bool(parts.netloc) or bool(parts.scheme)


def loads_of(path: str, body: str) -> list[str]:
    """The URLs a CSS or JS file loads."""
    if path.endswith(".css"):
        return CSS_URL.findall(body) + CSS_IMPORT.findall(body)
    code = BLOCK_COMMENT.sub("", body)  # examples in doc comments load nothing
    return [url for pattern in JS_LOADS for url in pattern.findall(code)]


def own_file(path: str) -> bool:
    """Our own code (api/web/pages), which may not even mention another host."""
    return path.startswith("/static/pages/") or not path.startswith("/static/")


@pytest.fixture(scope="module")
def client(database: Database) -> Iterator[TestClient]:
    settings = database.settings.model_copy(update={"auth_mode": "keys"})
    app = create_app(settings, database=database)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_the_library_files_are_installed() -> None:
    assert missing_vendor_files() == [], "run `make setup` (npm ci in api/web)"


@pytest.mark.parametrize("page", PAGES)
def test_a_page_loads_only_from_this_server(client: TestClient, page: str) -> None:
    response = client.get(page, headers={"Accept": "text/html"})
    assert response.status_code == 200, response.text
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy and "script-src 'self'" in policy

    html = Loads()
    html.feed(response.text)
    problems: list[str] = []
    seen: set[str] = set()
    queue = [(page, url) for url in html.urls]
    for inline in html.inline:
        problems += [f"{page}: inline code mentions {m}" for m in ABSOLUTE.findall(inline)]
        queue += [(page, url) for url in CSS_URL.findall(inline) + loads_of(page, inline)]
    while queue:
        referrer, url = queue.pop()
        if url.startswith(("data:", "blob:")):
            continue
        if is_other_host(url):
            problems.append(f"{referrer} loads {url}")
            continue
        path = urlsplit(urljoin(referrer, url)).path
        if path in seen:
            continue
        seen.add(path)
        if path.endswith(".map") or not path.startswith("/static/"):
            continue  # source maps (developer tools only) and the API itself: this server
        asset = client.get(path)
        if asset.status_code != 200:
            problems.append(f"{referrer} loads {path}, which answers {asset.status_code}")
            continue
        body = asset.text
        queue += [(path, found) for found in loads_of(path, body)]
        if own_file(path):
            mentions = [m for m in ABSOLUTE.findall(body) if m not in NAMESPACES]
            problems += [f"{path} mentions {m}" for m in mentions]
    assert seen, f"{page} loads nothing: the parser missed its assets"
    assert problems == []


def test_only_the_listed_library_files_are_served(client: TestClient) -> None:
    assert client.get("/static/vendor/graphiql.js").status_code == 200
    for name in ["../package.json", "graphiql/package.json", "react/index.js", "nope.js"]:
        assert client.get(f"/static/vendor/{name}").status_code == 404
    assert set(VENDOR) >= {"react.js", "react-dom.js", "graphiql.js", "cytoscape.mjs"}
