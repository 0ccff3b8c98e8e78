"""The FastAPI application: /graphql (strawberry), /health, and the pages of api/web."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.errors import RETRY_AFTER_SECONDS, database_error
from api.export.routes import export_router
from api.graphql_app import graphql_router
from api.security.audit import AuditLog
from api.security.auth import Refused, refused_response
from api.security.body_limit import BodySizeLimit
from api.security.key_cache import KeyCache
from api.web.routes import StaticPages, web_router
from kb.security.mode import check_auth_mode
from kb.settings import Settings, get_settings
from kb.storage.database import AsyncDatabase, Database
from kb.storage.failures import Failure, failure_of
from kb.storage.schema import APPLIED_STATEMENT, apply_schema, is_applied

log = logging.getLogger("kb.api")


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    settings = settings or get_settings()
    # Open mode (no keys) refuses to start off loopback, and warns loudly on it.
    check_auth_mode(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = database or Database(settings)
        app.state.db = db
        # The request path's async driver, on this event loop, counting with `db`; the
        # process's group commit of audit events and its key lookups (api/security).
        async_db = AsyncDatabase.beside(db)
        app.state.async_db = async_db
        app.state.audit_log = AuditLog(async_db)
        app.state.key_cache = KeyCache(settings.api_key_cache_seconds)
        loop = type(asyncio.get_running_loop())
        log.info("API process %d started (event loop %s.%s)", os.getpid(), loop.__module__, loop.__qualname__)
        try:
            await run_in_threadpool(apply_schema, db)
        except Exception as error:
            if failure_of(error) is not Failure.UNAVAILABLE:
                raise
            # The API still starts; /health and every query answer 503 until Neo4j is back.
            log.warning("Neo4j is unavailable at start-up; the schema is applied later")
        yield
        await app.state.audit_log.drain()
        await async_db.close()
        if database is None:
            db.close()

    # No /docs, /redoc or /openapi.json: they would describe the API to anyone without a key;
    # the GraphQL schema (introspection, KB_API_INTROSPECTION) and docs/ describe it instead.
    app = FastAPI(
        title="Interagency working knowledge base",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.add_middleware(BodySizeLimit, max_bytes=settings.api_max_body_bytes)
    app.add_exception_handler(Refused, refused_response)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["*"],
        )

    @app.get("/health")
    async def health() -> JSONResponse:
        db: AsyncDatabase = app.state.async_db
        try:
            version, rows = await asyncio.gather(
                db.server_version(), db.read(APPLIED_STATEMENT)
            )
        except Exception as error:
            mapped = database_error(error, db.settings.neo4j_query_timeout)
            if mapped is None:
                log.exception("/health could not ask Neo4j")
                message = "the knowledge base's database could not be asked"
            else:
                message = mapped.message
            return JSONResponse(
                {"status": "unavailable", "neo4j": None, "schemaApplied": None, "message": message},
                status_code=503,
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        return JSONResponse({"status": "ok", "neo4j": version, "schemaApplied": is_applied(rows)})

    graphql = graphql_router(settings)
    app.include_router(graphql, prefix="/graphql")
    # Answers as files (GraphML, GEXF, Cytoscape JSON, CSV), through the same schema.
    app.include_router(export_router(graphql.schema, settings))
    # The explorer and the browser assets every page loads from here (api/web).
    app.include_router(web_router())
    app.mount("/static/pages", StaticPages(), name="pages")
    return app
