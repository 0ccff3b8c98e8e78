"""The pages the API serves itself: GraphiQL at /graphql and the explorer at /explore.

Everything a page loads comes from this server, so the pages work on a network
without internet access: the third-party libraries from `api/web/node_modules`
(exact versions and integrity hashes in `api/web/package-lock.json`, installed by
`make setup` with `npm ci`), our own files from `api/web/pages/`. Each page is sent
with a Content-Security-Policy that tells the browser to load nothing from anywhere
else either.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, HTMLResponse
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

WEB = Path(__file__).parent
PAGES = WEB / "pages"
NODE_MODULES = WEB / "node_modules"

# The only files served from node_modules, by the name the pages use for them.
VENDOR: dict[str, str] = {
    "react.js": "react/umd/react.production.min.js",
    "react-dom.js": "react-dom/umd/react-dom.production.min.js",
    "graphiql.js": "graphiql/graphiql.min.js",
    "graphiql.css": "graphiql/graphiql.min.css",
    "graphiql-explorer.js": "@graphiql/plugin-explorer/dist/index.umd.js",
    "graphiql-explorer.css": "@graphiql/plugin-explorer/dist/style.css",
    "cytoscape.mjs": "cytoscape/dist/cytoscape.esm.min.mjs",
    "cytoscape.js": "cytoscape/dist/cytoscape.min.js",  # UMD, for the layout worker
    "layout-base.js": "layout-base/layout-base.js",
    "cose-base.js": "cose-base/cose-base.js",
    "cytoscape-fcose.js": "cytoscape-fcose/cytoscape-fcose.js",
}

# Same origin only. Inline styles stay allowed: React and Cytoscape set style attributes.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

log = logging.getLogger("kb.api.web")


def page(name: str) -> HTMLResponse:
    """One of our HTML pages, with the headers that keep it on this server."""
    return HTMLResponse((PAGES / name).read_text(encoding="utf-8"), headers=PAGE_HEADERS)


def graphiql_page() -> HTMLResponse:
    """GraphiQL, from this server's own copies of its assets (not a CDN)."""
    return page("graphiql/index.html")


def missing_vendor_files() -> list[str]:
    """The library files that are not installed (empty after `make setup`)."""
    return [name for name, path in VENDOR.items() if not (NODE_MODULES / path).is_file()]


def web_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    missing = missing_vendor_files()
    if missing:
        log.warning(
            "browser assets missing (%s): run `make setup` (npm ci in api/web)", ", ".join(missing)
        )

    @router.get("/explore")
    async def explore() -> HTMLResponse:
        return page("explore/index.html")

    @router.get("/static/vendor/{name}")
    async def vendor(name: str) -> FileResponse:
        relative = VENDOR.get(name)
        if relative is None or not (NODE_MODULES / relative).is_file():
            raise HTTPException(404, f"no such asset: {name}")
        media_type = "text/javascript" if name.endswith((".js", ".mjs")) else None
        return FileResponse(
            NODE_MODULES / relative,
            media_type=media_type,
            headers={"Cache-Control": "public, max-age=86400"},
        )

    return router


class StaticPages(StaticFiles):
    """Our own scripts and styles (`api/web/pages/`), mounted at /static/pages."""

    def __init__(self) -> None:
        super().__init__(directory=PAGES)

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.update(PAGE_HEADERS)
        return response
